"""Resumable chunked uploads of videos into the library (``courses.CourseMedia``)."""
