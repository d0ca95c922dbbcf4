"""Analytics over JSON: a course's report, a teacher's and the school's (staff), each its
headline figures and charts (``Chart.as_dict``). api/urls.py includes ``urlpatterns``.

- analytics/courses/{id}/ — the course's teacher (or owner) and staff.
- analytics/teachers/{id}/ — by the person's public id: the teacher themselves and staff.
- analytics/school/ — staff.
"""

from django.urls import path

from . import views

urlpatterns = [
    path(
        "analytics/courses/<id:course_id>/",
        views.CourseReportView.as_view(),
        name="analytics-course",
    ),
    path(
        "analytics/teachers/<uuid:teacher_id>/",
        views.TeacherReportView.as_view(),
        name="analytics-teacher",
    ),
    path("analytics/school/", views.SchoolReportView.as_view(), name="analytics-school"),
]
