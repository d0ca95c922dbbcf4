"""All demo content, as data files, and the one loader that builds it (load_demo_data)."""
