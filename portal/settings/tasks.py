"""Celery (eager without a broker) and its beat schedule; Wagtail's own background jobs."""

from celery.schedules import crontab

from .environment import env
from .languages import TIME_ZONE

# --- Celery ---------------------------------------------------------------------------------

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default="") or None
# No broker (the embedded default): tasks run in the caller's process.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Tasks ack late; on Redis an unacknowledged task goes to another worker after the visibility
# timeout (one hour by default). A transcode may run up to VIDEOS_TRANSCODE_TIMEOUT_SECONDS
# (6 h), so the timeout outlasts it; a task on a worker that died comes back after it.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 7 * 60 * 60}
CELERY_BEAT_SCHEDULE: dict = {
    "archive-completed-courses": {
        "task": "learning.enrollment.tasks.archive_completed_courses",
        "schedule": 24 * 60 * 60,  # daily
    },
    # Enrollments past their end date become "expired" (access ends at the date itself,
    # checked on each request); learners hear a week before.
    "expire-enrollments": {
        "task": "learning.enrollment.tasks.expire_enrollments",
        "schedule": 60 * 60,
    },
    "lesson-reminders": {
        "task": "learning.schedule.tasks.send_lesson_reminders",
        "schedule": 5 * 60,
    },
    # Frees the pool accounts of lessons that ended 15 minutes ago without Zoom's webhook.
    "zoompool-sweep": {
        "task": "learning.zoompool.tasks.sweep_pool",
        "schedule": 5 * 60,
    },
    # Second payments for a course already owned whose refund Stripe did not take at once.
    "payments-refund-duplicates": {
        "task": "learning.payments.tasks.refund_duplicate_payments",
        "schedule": 15 * 60,
    },
    # Orders pending for over an hour are asked about at their gateway: heals notifications
    # that never arrived (learning/payments/services/reconciliation.py).
    "payments-reconcile": {
        "task": "learning.payments.tasks.reconcile_orders",
        "schedule": crontab(hour=4, minute=30),
    },
    # Uploads left unfinished past their expiry: their parts are deleted (and S3's multipart
    # upload aborted, which S3 would otherwise keep and bill).
    "videos-abort-expired-uploads": {
        "task": "videos.tasks.abort_expired_uploads",
        "schedule": 60 * 60,
    },
    # Ends or deletes meetings Zoom has on pool accounts that no lesson holds.
    "zoompool-reconcile": {
        "task": "learning.zoompool.tasks.reconcile_meetings",
        "schedule": 15 * 60,
    },
    # Booking requests nobody confirmed by their deadline lapse; paid ones are refunded.
    "bookings-lapse-overdue": {
        "task": "learning.bookings.tasks.lapse_overdue_bookings",
        "schedule": 5 * 60,
    },
    # One e-mail per person who left messages unread (MESSAGING_DIGEST_AFTER_MINUTES) with no
    # socket open; idempotent.
    "messaging-digests": {
        "task": "messaging.tasks.send_message_digests",
        "schedule": 5 * 60,
    },
    # Learners' tutor requests past REQUESTS_EXPIRE_DAYS close; their waiting offers too.
    "tutoring-expire-requests": {
        "task": "tutoring.tasks.expire_requests",
        "schedule": 60 * 60,
    },
    # Tutors hear of new likes on their video posts, one notice per post at most hourly
    # (COMMUNITY_LIKES_NOTICE_MINUTES); posts missing their figures row get one first.
    "community-notify-likes": {
        "task": "community.tasks.notify_likes",
        "schedule": 60 * 60,
    },
    # Followers who want e-mail get the new posts of their tutors, at most once a day.
    "community-post-digests": {
        "task": "community.tasks.send_post_digests",
        "schedule": crontab(hour=8, minute=0),
    },
    # Yesterday's course page views (and any day missed) rolled up into daily aggregates,
    # then raw views past ANALYTICS_RAW_VIEWS_RETENTION_DAYS deleted; idempotent.
    # Course page views wait in Redis (no INSERT on the request path) until this writes them,
    # each exactly once (learning/enrollment/view_buffer.py); nothing to do without Redis.
    "enrollment-flush-course-views": {
        "task": "learning.enrollment.tasks.flush_course_views",
        "schedule": 60,
    },
    "analytics-rollup-course-views": {
        "task": "learning.analytics.tasks.rollup_course_views",
        "schedule": crontab(hour=3, minute=15),
    },
}

# Wagtail's own background jobs (django-tasks).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
