"""All demo content, as data, and the one loader that builds it (`manage.py load_demo_data`).

- `demo/data/*.yaml`: the content (people, site, feedback, courses, tutors, blog, homework,
  timetable, zoompool); each file says at its top what it holds and how its texts are read.
- `demo/loader/`: one module per part, reading those files and building the part idempotently;
  `demo.loader.load_demo()` builds them all in order.
- `demo/management/commands/load_demo_data.py`: runs the loader, rebuilds the search and
  reference indexes and lists the demo accounts; refuses with DEBUG off unless `--force`.

The demo sits on the top layer: it imports the apps' models and services; no app imports it.
"""
