// Builds one SVG sprite of the icons named in courses/icons.txt (categories) and
// scripts/ui_icons.txt (the interface's own) from @tabler/icons (npm), so a
// page shows an icon with <svg><use href="…/icons.svg#i-NAME"/></svg>: one cached request,
// no emoji font needed. Usage: node scripts/icon_sprite.mjs OUT_FILE
import { readFileSync, writeFileSync } from "node:fs";

const out = process.argv[2];
const listed = (file) =>
  readFileSync(file, "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"));
const names = [...new Set([...listed("courses/icons.txt"), ...listed("scripts/ui_icons.txt")])];
const symbols = names.map((name) => {
  const svg = readFileSync(`node_modules/@tabler/icons/icons/outline/${name}.svg`, "utf8");
  const body = svg
    .replace(/^[\s\S]*?<svg[^>]*>/, "")
    .replace(/<\/svg>\s*$/, "")
    .replace(/<path stroke="none" d="M0 0h24v24H0z" fill="none"\s*\/>/, "")
    .replace(/\s*\n\s*/g, "");
  return `<symbol id="i-${name}" viewBox="0 0 24 24">${body}</symbol>`;
});
writeFileSync(
  out,
  `<svg xmlns="http://www.w3.org/2000/svg">${symbols.join("")}</svg>\n`,
);
console.log(`${names.length} icons -> ${out}`);
