// Draws the demo's images offline: course and blog covers, tutor portraits, the home hero.
//
// demo.loader.images runs `node demo/art/render.mjs` once per demo load with a JSON job list on
// standard input ({"out": dir, "jobs": [...]}) and reads one JSON line per image back
// ({"name", "file", "focal": {"x", "y", "width", "height"}}; x and y are the focal point's
// centre, as Wagtail stores it). Everything comes from the packages in demo/art/node_modules:
// Tabler's outline icons (MIT), DiceBear's "notionists" portraits (MIT code, CC0 drawings) and
// resvg to turn the SVG into PNG. Nothing is fetched: no fonts, no network.
//
// The same job always draws the same picture: shapes are placed by a generator seeded with the
// job's seed, so a rebuilt demo looks the same.

import { readFileSync, writeFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { createAvatar } from "@dicebear/core";
import * as notionists from "@dicebear/notionists";
import { Resvg } from "@resvg/resvg-js";

const HERE = dirname(fileURLToPath(import.meta.url));
// The package's exports hide its files from require.resolve; it is installed beside this script.
const ICONS = join(HERE, "node_modules", "@tabler", "icons", "icons", "outline");

// ---------------------------------------------------------------------------------------------
// Small helpers

function seeded(text) {
  // mulberry32 over a string hash: small, fast, the same sequence for the same seed.
  let h = 1779033703 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  let a = h >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  next.range = (lo, hi) => lo + next() * (hi - lo);
  next.pick = (items) => items[Math.floor(next() * items.length)];
  return next;
}

// resvg reads the comma form only; transparency goes in fill-opacity.
const hsl = (h, s, l) => `hsl(${Math.round(h) % 360}, ${s}%, ${l}%)`;

const iconCache = new Map();
function iconBody(name) {
  // The icon's drawing without its <svg> wrapper (24×24 units, stroked with currentColor).
  if (!iconCache.has(name)) {
    const svg = readFileSync(join(ICONS, `${name}.svg`), "utf8");
    const body = svg.slice(svg.indexOf(">") + 1, svg.lastIndexOf("</svg>"));
    iconCache.set(name, body.replace(/<path stroke="none" d="M0 0h24v24H0z" fill="none" \/>/, ""));
  }
  return iconCache.get(name);
}

function icon(name, { x, y, size, color, width = 2, opacity = 1, rotate = 0 }) {
  // An icon centred on (x, y), `size` pixels across.
  const scale = size / 24;
  const body = iconBody(name).replaceAll("currentColor", color);
  return (
    `<g transform="translate(${x} ${y}) rotate(${rotate}) scale(${scale}) translate(-12 -12)" ` +
    `fill="none" stroke="${color}" stroke-width="${width}" stroke-linecap="round" ` +
    `stroke-linejoin="round" opacity="${opacity}">${body}</g>`
  );
}

function portraitSvg(options, seed) {
  // A DiceBear notionists drawing, transparent, as an <svg> to nest at (x, y, size).
  const svg = createAvatar(notionists, {
    seed,
    glassesProbability: options.glasses ? 100 : 0,
    beardProbability: options.beard ? 100 : 0,
    gestureProbability: 0,
    bodyIconProbability: 0,
    ...Object.fromEntries(
      Object.entries(options).map(([part, value]) => [part, Array.isArray(value) ? value : [value]]),
    ),
  }).toString();
  return (x, y, size) =>
    svg.replace("<svg ", `<svg x="${x}" y="${y}" width="${size}" height="${size}" `);
}

const document = (width, height, body) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" ` +
  `viewBox="0 0 ${width} ${height}">${body}</svg>`;

// ---------------------------------------------------------------------------------------------
// Decorations shared by the compositions

function backdrop(width, height, hue, rand, id) {
  // A diagonal gradient in the hue, two soft blobs, rings and a dot grid.
  const parts = [
    `<defs><linearGradient id="${id}-bg" x1="0" y1="0" x2="1" y2="1">` +
      `<stop offset="0" stop-color="${hsl(hue, 68, 56)}"/>` +
      `<stop offset="1" stop-color="${hsl(hue + 24, 62, 36)}"/></linearGradient>` +
      `<radialGradient id="${id}-glow"><stop offset="0" stop-color="#fff" stop-opacity=".35"/>` +
      `<stop offset="1" stop-color="#fff" stop-opacity="0"/></radialGradient></defs>`,
    `<rect width="${width}" height="${height}" fill="url(#${id}-bg)"/>`,
    `<circle cx="${rand.range(0.1, 0.4) * width}" cy="${rand.range(0, 0.3) * height}" ` +
      `r="${0.45 * height}" fill="url(#${id}-glow)"/>`,
    `<circle cx="${rand.range(0.6, 1) * width}" cy="${rand.range(0.7, 1.1) * height}" ` +
      `r="${rand.range(0.35, 0.55) * height}" fill="${hsl(hue + 180, 70, 60)}" fill-opacity=".22"/>`,
  ];
  for (let i = 0; i < 3; i++) {
    parts.push(
      `<circle cx="${rand() * width}" cy="${rand() * height}" r="${rand.range(0.08, 0.22) * height}" ` +
        `fill="none" stroke="#fff" stroke-opacity="${rand.range(0.1, 0.2)}" ` +
        `stroke-width="${rand.range(6, 16)}"/>`,
    );
  }
  const gx = rand.range(0.05, 0.75) * width;
  const gy = rand.range(0.05, 0.7) * height;
  const step = height / 24;
  for (let row = 0; row < 5; row++) {
    for (let col = 0; col < 8; col++) {
      parts.push(
        `<circle cx="${gx + col * step}" cy="${gy + row * step}" r="${step / 7}" ` +
          `fill="#fff" fill-opacity=".35"/>`,
      );
    }
  }
  // A wave across the picture.
  const y0 = rand.range(0.55, 0.85) * height;
  const amp = height * 0.06;
  let wave = `M ${-width * 0.05} ${y0}`;
  for (let i = 0; i < 6; i++) {
    const x = (i + 0.5) * (width / 5.5);
    wave += ` Q ${x - width / 22} ${y0 + (i % 2 ? amp : -amp)} ${x + width / 22} ${y0}`;
  }
  parts.push(
    `<path d="${wave}" fill="none" stroke="#fff" stroke-opacity=".18" ` +
      `stroke-width="${height / 60}" stroke-linecap="round"/>`,
  );
  return parts.join("");
}

function scatter(names, count, width, height, avoid, rand) {
  // Faint small icons around the picture, kept out of the `avoid` circle.
  const parts = [];
  let placed = 0;
  for (let tries = 0; placed < count && tries < 200; tries++) {
    const x = rand.range(0.05, 0.95) * width;
    const y = rand.range(0.08, 0.92) * height;
    if (Math.hypot(x - avoid.x, y - avoid.y) < avoid.r + height * 0.08) continue;
    parts.push(
      icon(rand.pick(names), {
        x,
        y,
        size: rand.range(0.09, 0.15) * height,
        color: "#fff",
        width: 1.6,
        opacity: rand.range(0.28, 0.45),
        rotate: rand.range(-18, 18),
      }),
    );
    placed++;
  }
  return parts.join("");
}

// ---------------------------------------------------------------------------------------------
// The compositions

function cover(job) {
  // A course or blog cover: the backdrop, a white badge with the main icon, faint accents.
  const { width = 1280, height = 720, hue, seed } = job;
  const rand = seeded(seed);
  rand(); // the first draw of close seeds is close too
  const side = job.side ?? (rand() < 0.5 ? "left" : "right");
  const r = height * 0.26;
  const x = side === "left" ? width * 0.3 : width * 0.7;
  const y = height * rand.range(0.44, 0.56);
  const body = [
    backdrop(width, height, hue, rand, "c"),
    scatter(job.accents ?? [job.icon], 7, width, height, { x, y, r: r * 1.3 }, rand),
    `<circle cx="${x}" cy="${y}" r="${r * 1.28}" fill="#fff" fill-opacity=".18"/>`,
    `<circle cx="${x + r * 0.06}" cy="${y + r * 0.1}" r="${r}" fill="${hsl(hue + 24, 60, 20)}" fill-opacity=".25"/>`,
    `<circle cx="${x}" cy="${y}" r="${r}" fill="#fff"/>`,
    icon(job.icon, { x, y, size: r * 1.15, color: hsl(hue, 62, 38), width: 1.75 }),
  ].join("");
  const box = r * 2.6;
  return { svg: document(width, height, body), focal: { x, y, width: box, height: box } };
}

function portrait(job) {
  // A tutor: the drawing on a pastel ground with a soft disc behind the head.
  const { size = 800, hue, seed } = job;
  const rand = seeded(seed);
  const draw = portraitSvg(job.options ?? {}, seed);
  const body = [
    `<rect width="${size}" height="${size}" fill="${hsl(hue, 70, 88)}"/>`,
    `<circle cx="${size * 0.5}" cy="${size * 0.46}" r="${size * 0.36}" fill="${hsl(hue, 62, 76)}"/>`,
    `<circle cx="${size * rand.range(0.12, 0.25)}" cy="${size * rand.range(0.12, 0.3)}" ` +
      `r="${size * 0.05}" fill="${hsl(hue + 40, 80, 70)}"/>`,
    `<circle cx="${size * rand.range(0.78, 0.9)}" cy="${size * rand.range(0.6, 0.8)}" ` +
      `r="${size * 0.035}" fill="${hsl(hue + 180, 60, 70)}"/>`,
    draw(0, size * 0.04, size),
  ].join("");
  // The face sits a little above the middle of the drawing.
  return {
    svg: document(size, size, body),
    focal: { x: size * 0.5, y: size * 0.4, width: size * 0.42, height: size * 0.46 },
  };
}

function hero(job) {
  // The home page's banner: tutors in circles among subject badges.
  const { width = 1600, height = 1050, hue, seed } = job;
  const rand = seeded(seed);
  const parts = [backdrop(width, height, hue, rand, "h")];
  const people = job.people ?? [];
  const spots = [
    [0.3, 0.33, 0.2],
    [0.68, 0.28, 0.17],
    [0.38, 0.74, 0.16],
    [0.74, 0.7, 0.2],
  ];
  people.slice(0, spots.length).forEach((person, i) => {
    const [fx, fy, fr] = spots[i];
    const cx = fx * width;
    const cy = fy * height;
    const r = fr * height;
    const clip = `h-p${i}`;
    parts.push(
      `<clipPath id="${clip}"><circle cx="${cx}" cy="${cy}" r="${r}"/></clipPath>`,
      `<circle cx="${cx + r * 0.05}" cy="${cy + r * 0.08}" r="${r}" fill="${hsl(hue + 24, 60, 20)}" fill-opacity=".25"/>`,
      `<circle cx="${cx}" cy="${cy}" r="${r}" fill="${hsl(person.hue, 70, 86)}"/>`,
      `<g clip-path="url(#${clip})">${portraitSvg(person.options ?? {}, person.seed)(
        cx - r * 1.05,
        cy - r * 0.8,
        r * 2.1,
      )}</g>`,
      `<circle cx="${cx}" cy="${cy}" r="${r}" fill="none" stroke="#fff" stroke-width="${r * 0.07}"/>`,
    );
  });
  const badges = [
    [0.12, 0.18],
    [0.52, 0.12],
    [0.9, 0.16],
    [0.1, 0.62],
    [0.55, 0.5],
    [0.92, 0.45],
    [0.18, 0.9],
    [0.58, 0.92],
  ];
  (job.icons ?? []).slice(0, badges.length).forEach((name, i) => {
    const [fx, fy] = badges[i];
    const s = height * rand.range(0.09, 0.12);
    const x = fx * width;
    const y = fy * height;
    parts.push(
      `<rect x="${x - s}" y="${y - s}" width="${2 * s}" height="${2 * s}" rx="${s * 0.45}" ` +
        `fill="#fff" transform="rotate(${rand.range(-10, 10)} ${x} ${y})"/>`,
      icon(name, { x, y, size: s * 1.2, color: hsl(hue + 40 * i, 62, 40), width: 1.8 }),
    );
  });
  return {
    svg: document(width, height, parts.join("")),
    focal: { x: width * 0.52, y: height * 0.5, width: width * 0.6, height: height * 0.8 },
  };
}

const DRAW = { cover, portrait, hero };

// ---------------------------------------------------------------------------------------------

function main() {
  const { out, jobs } = JSON.parse(readFileSync(0, "utf8"));
  for (const job of jobs) {
    const draw = DRAW[job.kind];
    if (!draw) throw new Error(`unknown kind of image: ${job.kind}`);
    const { svg, focal } = draw(job);
    const png = new Resvg(svg, { font: { loadSystemFonts: false } }).render().asPng();
    const file = join(out, `${job.name}.png`);
    writeFileSync(file, png);
    const rounded = Object.fromEntries(Object.entries(focal).map(([k, v]) => [k, Math.round(v)]));
    process.stdout.write(JSON.stringify({ name: job.name, file, focal: rounded }) + "\n");
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
export { cover, portrait, hero };
