"""Certificate PDFs: how many per second one process draws, and the memory it takes.

    .venv/bin/python -m tests.bench.certificates [--count 100]

Draws `count` certificates in this process with realistic Russian names and course titles
(no database: the certificates are unsaved model instances, drawn by the same code the
cabinet and the API use), first for time, then again under tracemalloc for the peak of
Python memory. The first PDF is reported on its own: it loads the fonts.
"""

import argparse
import os
import random
import statistics
import time
import tracemalloc
from datetime import timedelta

FIRST_NAMES = [
    "Анна",
    "Мария",
    "Екатерина",
    "Ольга",
    "Александра",
    "Дарья",
    "Елизавета",
    "Софья",
    "Иван",
    "Дмитрий",
    "Алексей",
    "Сергей",
    "Максим",
    "Артём",
    "Константин",
    "Михаил",
]
PATRONYMICS = [
    "Сергеевна",
    "Александровна",
    "Дмитриевна",
    "Игоревна",
    "Владимировна",
    "Сергеевич",
    "Александрович",
    "Дмитриевич",
    "Игоревич",
    "Владимирович",
]
SURNAMES = [
    "Иванова",
    "Кузнецова",
    "Смирнова",
    "Преображенская",
    "Соколова-Романова",
    "Петров",
    "Волков",
    "Лебедев",
    "Никифоров-Долгорукий",
    "Ким",
]
SUBJECTS = [
    "Основы программирования на Python",
    "Подготовка к ЕГЭ по математике профильного уровня",
    "Английский язык для IT-специалистов",
    "Органическая химия: от алканов до полимеров",
    "Data Science и машинное обучение",
    "Физика 10 класс: механика и термодинамика",
    "История России XIX–XX веков",
    "Веб-разработка на Django и Wagtail",
]
SUFFIXES = ["", ": интенсив", " — продвинутый уровень", ". Курс для начинающих"]


def _django() -> None:
    import django
    from django.apps import apps

    if not apps.ready:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
        django.setup()


def certificates(count: int, seed: int = 2026) -> list:
    """Unsaved certificates with varied, realistic snapshots (names of 2–3 words, long titles)."""
    from django.utils import timezone

    from learning.certificates.models import Certificate

    rng = random.Random(seed)
    now = timezone.now()
    made = []
    for i in range(count):
        parts = [rng.choice(FIRST_NAMES)]
        if rng.random() < 0.5:
            parts.append(rng.choice(PATRONYMICS))
        parts.append(rng.choice(SURNAMES))
        teacher = f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"
        made.append(
            Certificate(
                learner_name=" ".join(parts),
                course_title=rng.choice(SUBJECTS) + rng.choice(SUFFIXES),
                teacher_name=teacher,
                issued_at=now - timedelta(days=i),
            )
        )
    return made


def measure(n: int = 100) -> dict:
    """Draw n PDFs: rate, latency per PDF, and tracemalloc's peak over a second pass."""
    _django()
    from django.utils import translation

    from learning.certificates import pdf

    batch = certificates(n)
    with translation.override("ru"):
        started = time.perf_counter()
        first_size = len(pdf.render(batch[0]))  # loads the fonts
        first_ms = (time.perf_counter() - started) * 1000

        timings, sizes = [], []
        started = time.perf_counter()
        for certificate in batch:
            one = time.perf_counter()
            sizes.append(len(pdf.render(certificate)))
            timings.append(time.perf_counter() - one)
        elapsed = time.perf_counter() - started

        tracemalloc.start()
        try:
            for certificate in batch:
                pdf.render(certificate)
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()

    timings_ms = sorted(t * 1000 for t in timings)
    return {
        "count": n,
        "seconds": round(elapsed, 3),
        "pdfs_per_second": round(n / elapsed, 1),
        "mean_ms": round(statistics.fmean(timings_ms), 2),
        "p95_ms": round(timings_ms[max(0, round(0.95 * n) - 1)], 2),
        "first_pdf_ms": round(first_ms, 1),
        "mean_pdf_kib": round(statistics.fmean(sizes) / 1024, 1),
        "first_pdf_kib": round(first_size / 1024, 1),
        "peak_memory_mib": round(peak / 2**20, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100, help="PDFs to draw (100)")
    args = parser.parse_args()
    result = measure(args.count)
    print(  # noqa: T201
        "Certificates: {count} PDFs in {seconds} s: {pdfs_per_second} PDF/s, "
        "mean {mean_ms} ms, p95 {p95_ms} ms, first {first_pdf_ms} ms (fonts); "
        "{mean_pdf_kib} KiB each; peak Python memory {peak_memory_mib} MiB".format(**result)
    )


if __name__ == "__main__":
    main()
