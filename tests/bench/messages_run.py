"""The runner of tests.bench.messages (its docstring says what is measured): daphne, the sender
process, the sockets, the load and the report."""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

from tests.gunicorn import BIN, ROOT, Gunicorn

from . import messages as bench
from .run import TICKS, _machine_ticks, _process_ticks
from .wsclient import Closed, WebSocket

DOCS = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- bench:messages -->", "<!-- /bench:messages -->"
LOG = ROOT / "var" / "bench" / "messages-daphne.log"


def say(message: str) -> None:
    sys.stdout.write(message + "\n")
    sys.stdout.flush()


class Daphne(Gunicorn):
    """daphne serving tests.bench.messages:application (start, /healthz, stop as gunicorn's)."""

    def start(self, wait: bool = True) -> None:
        command = [
            str(BIN / "daphne"),
            "-b",
            "127.0.0.1",
            "-p",
            str(self.port),
            "tests.bench.messages:application",
        ]
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=self.env,
                start_new_session=True,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        if wait:
            self.wait_ready()


@dataclass
class Result:
    name: str
    seconds: float = 0.0  # measuring windows, summed
    wall: float = 0.0  # the windows plus the wait for the last deliveries: CPU is over it
    in_window: int = 0
    delays: list[float] = field(default_factory=list)
    lost: int = 0
    server_cpu: float = 0.0
    sender_cpu: float = 0.0
    client_cpu: float = 0.0
    other_cpu: float = 0.0

    @property
    def per_second(self) -> float:
        return self.in_window / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.delays:
            return math.nan
        ordered = sorted(self.delays)
        return ordered[min(len(ordered), max(1, math.ceil(p / 100 * len(ordered)))) - 1] * 1000

    def per_message(self, cpu: float) -> float:
        return cpu * 1000 / len(self.delays) if self.delays else math.nan


@dataclass
class Pending:
    remaining: int
    done: asyncio.Future


class Load:
    """Every person's two sockets, and one sender per conversation for either target."""

    def __init__(self, rooms: list[dict], port: int, senders: list) -> None:
        self.rooms, self.port, self.senders = rooms, port, senders
        self.pending: dict[str, Pending] = {}
        self.relays: list[list[WebSocket]] = []
        self.sockets: list[WebSocket] = []
        self.readers: list[asyncio.Task] = []
        self.closed: list[int | None] = []  # close codes of sockets the server ended

    def _arrived(self, key: str) -> None:
        pending = self.pending.get(key)
        if pending is None:
            return
        pending.remaining -= 1
        if pending.remaining == 0:
            del self.pending[key]
            pending.done.set_result(time.perf_counter())

    async def _read_messages(self, ws: WebSocket) -> None:
        try:
            while True:
                frame = json.loads(await ws.receive())
                if frame.get("type") == "message.new":
                    self._arrived(frame["message"]["text"])
        except (Closed, ConnectionError, asyncio.IncompleteReadError) as error:
            self.closed.append(getattr(error, "code", None))

    async def _read_relay(self, ws: WebSocket) -> None:
        try:
            while True:
                self._arrived(await ws.receive())
        except (Closed, ConnectionError, asyncio.IncompleteReadError) as error:
            self.closed.append(getattr(error, "code", None))

    async def connect(self, at_once: int = 8) -> None:
        gate = asyncio.Semaphore(at_once)

        async def person(index: int, room: dict, slot: int) -> None:
            async with gate:
                token = room["tokens"][slot]
                ws = await WebSocket.connect("127.0.0.1", self.port, f"/ws/messages/?token={token}")
                hello = json.loads(await ws.receive())
                if room["conversation"] not in hello.get("conversations", []):
                    raise SystemExit(f"socket {index}: not in its conversation: {hello}")
                relay = await WebSocket.connect(
                    "127.0.0.1", self.port, f"{bench.RELAY_PATH}?room={index}"
                )
            self.sockets += [ws, relay]
            self.relays[index][slot] = relay
            self.readers.append(asyncio.create_task(self._read_messages(ws)))
            self.readers.append(asyncio.create_task(self._read_relay(relay)))

        self.relays = [[None] * len(room["people"]) for room in self.rooms]
        await asyncio.gather(
            *(
                person(index, room, slot)
                for index, room in enumerate(self.rooms)
                for slot in range(len(room["people"]))
            )
        )

    async def _one_room(self, target: str, index: int, stop: float, tag: str, result) -> None:
        room = self.rooms[index]
        size, seq = len(room["people"]), 0
        loop = asyncio.get_running_loop()
        while time.perf_counter() < stop:
            seq += 1
            key = f"{tag}-{index}-{seq}"
            done = loop.create_future()
            self.pending[key] = Pending(size, done)
            slot = seq % size  # everyone writes in turn
            began = time.perf_counter()
            if target == "messages":
                sender = self.senders[index % len(self.senders)]
                sender.stdin.write(
                    f"{room['conversation']} {room['people'][slot]} {key}\n".encode()
                )
                await sender.stdin.drain()
            else:
                await self.relays[index][slot].send(key)
            try:
                ended = await asyncio.wait_for(done, bench.LOST_AFTER)
            except TimeoutError:
                self.pending.pop(key, None)
                if result is not None:
                    result.lost += 1
                continue
            if result is not None:
                result.delays.append(ended - began)
                result.in_window += ended <= stop

    async def window(self, target: str, seconds: float, tag: str, result=None, pids=()) -> None:
        """Every room sends for ``seconds``; the figures go to ``result`` (None: a warm-up)."""
        before = (_machine_ticks(), [_process_ticks(p) for p in pids], time.process_time())
        began = time.perf_counter()
        stop = began + seconds
        await asyncio.gather(
            *(self._one_room(target, i, stop, tag, result) for i in range(len(self.rooms)))
        )
        if result is None:
            return
        machine, ticks = _machine_ticks(), [_process_ticks(p) for p in pids]
        client = time.process_time() - before[2]
        spent = [(after - was) / TICKS for after, was in zip(ticks, before[1], strict=True)]
        server, sender = spent[0], sum(spent[1:])
        result.seconds += seconds
        result.wall += time.perf_counter() - began
        result.server_cpu += server
        result.sender_cpu += sender
        result.client_cpu += client
        if machine and before[0]:
            busy = (machine[0] - before[0][0]) / TICKS
            result.other_cpu += max(0.0, busy - server - sender - client)

    async def close(self) -> None:
        for reader in self.readers:
            reader.cancel()
        for ws in self.sockets:
            await ws.close()


async def measure(args, rooms: list[dict], daphne: Daphne, env: dict) -> list[Result]:
    senders = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "tests.bench.messages",
            "--sender",
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        for _ in range(args.senders)
    ]
    try:
        for sender in senders:
            ready = await asyncio.wait_for(sender.stdout.readline(), 60)
            if ready.strip() != b"ready":
                raise SystemExit(f"a sender did not start: {ready!r}")
        load = Load(rooms, daphne.port, senders)
        began = time.perf_counter()
        await load.connect()
        say(f"  {len(load.sockets)} sockets open in {time.perf_counter() - began:.1f} s")
        pids = (daphne.process.pid, *(sender.pid for sender in senders))
        results = {name: Result(name) for name in ("relay", "messages")}
        for target in results:
            await load.window(target, args.warmup, f"warm-{target}")
        for n in range(args.rounds):
            for target, result in results.items():
                await load.window(target, args.seconds / args.rounds, f"{target}{n}", result, pids)
        if load.closed:
            say(f"  {len(load.closed)} sockets closed by the server, codes {set(load.closed)}")
        await load.close()
        return list(results.values()), len(load.closed)
    finally:
        for sender in senders:
            if sender.returncode is None:
                sender.stdin.close()
                try:
                    await asyncio.wait_for(sender.wait(), 30)
                except TimeoutError:
                    sender.kill()


def report(args, rooms: list[dict], relay: Result, real: Result) -> str:
    import channels_redis
    import daphne

    size = len(rooms[0]["people"])
    rows = []
    for r in (relay, real):
        rows.append(
            f"| {'bare relay' if r.name == 'relay' else 'messages (`/ws/messages/`)'} "
            f"| {r.per_second:,.0f} | {r.per_second * size:,.0f} | {r.percentile(50):.1f} "
            f"| {r.percentile(95):.1f} | {max(r.delays, default=math.nan) * 1000:.1f} "
            f"| {real.per_second / relay.per_second if r is real else 1:.2f} "
            f"| {r.percentile(50) / relay.percentile(50):.2f} "
            f"| {r.percentile(95) / relay.percentile(95):.2f} "
            f"| {r.per_message(r.server_cpu):.2f} "
            f"| {r.per_message(r.sender_cpu) if r is real else math.nan:.2f} "
            f"| {r.client_cpu / r.wall:.2f} | {r.other_cpu / r.wall:.2f} | {r.lost} |"
        )
    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M")
    return "\n".join(
        [
            f"Measured {when} UTC: {len(rooms) * size} people, {len(rooms)} conversations of "
            f"{size}, two sockets each ({len(rooms) * size * 2} open); {args.seconds:g} s per "
            f"target in {args.rounds} rounds; {args.senders} sender processes; one daphne "
            f"{daphne.__version__}, channels-redis {channels_redis.__version__}, "
            f"{os.cpu_count()} cores.",
            "",
            "| target | messages/s | deliveries/s | p50 ms | p95 ms | max ms "
            "| msg/s ÷ bare | p50 × bare | p95 × bare | daphne CPU ms/msg "
            "| sender CPU ms/msg | clients' CPU, cores | other CPU, cores | lost |",
            "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
            *rows,
        ]
    )


def write_docs(text: str) -> None:
    content = DOCS.read_text()
    start, end = content.index(START) + len(START), content.index(END)
    DOCS.write_text(content[:start] + "\n" + text.replace("| nan ", "| ") + "\n" + content[end:])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=bench.__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=200)
    parser.add_argument("--size", type=int, default=10, help="people per conversation")
    parser.add_argument("--seconds", type=float, default=10.0, help="measured, per target")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--senders", type=int, default=2, help="sender processes (as web workers would be)"
    )
    parser.add_argument("--warmup", type=float, default=1.0, help="seconds, per target")
    parser.add_argument("--database-url", default=bench.database_url())
    parser.add_argument("--no-docs", action="store_true", help="leave docs/benchmarks.md alone")
    args = parser.parse_args(argv)

    env = bench.environment(args.database_url)
    os.environ.update(env)
    started = time.perf_counter()
    bench.drop_database(args.database_url, create=True)
    daphne = Daphne(env, LOG)
    try:
        bench.setup_django()
        say(f"Tables and {args.people} people in {args.database_url.rsplit('/', 1)[1]} …")
        bench.make_tables()
        rooms = bench.seed(args.people, args.size)
        from django.db import connections

        connections.close_all()
        say(f"  {time.perf_counter() - started:.1f} s. Starting daphne …")
        daphne.start()
        results, closed = asyncio.run(measure(args, rooms, daphne, {**os.environ, **env}))
    finally:
        daphne.stop()
        bench.drop_database(args.database_url)
        bench.flush_redis()
    text = report(args, rooms, *results)
    say(text)
    if not args.no_docs:
        write_docs(text)
        say(f"Written to {DOCS.relative_to(ROOT)}.")
    say(f"Messages bench: {time.perf_counter() - started:.0f} s in all.")
    if any(r.lost for r in results) or not all(r.delays for r in results) or closed:
        say(
            "Messages benchmark FAILED: messages lost (not on every socket within 10 s) or "
            f"sockets closed by the server (log: {LOG.relative_to(ROOT)})"
        )
        return 1
    return 0
