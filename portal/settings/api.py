"""The JSON API: DRF, simplejwt and drf-spectacular (the OpenAPI schema)."""

from datetime import timedelta

from .environment import env
from .signin import TRUSTED_PROXY_COUNT

# --- API ------------------------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # simplejwt's, also refusing tokens issued before a password change or a
        # "sign out everywhere" (accounts/api/tokens.py).
        "accounts.tokens.JWTAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
    # DRF's own client address for any throttle; the project's throttles use core.client_ip.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    # JSON nested deeper than any real request is a 400, not a RecursionError (core/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "core.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "auth": env.str("API_AUTH_THROTTLE", default="20/min"),
    },
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
}
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=15),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=7),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
    "USER_ID_FIELD": "public_id",
    "USER_ID_CLAIM": "user_id",
    "TOKEN_OBTAIN_SERIALIZER": "accounts.tokens.TokenObtainPairSerializer",
    "TOKEN_REFRESH_SERIALIZER": "accounts.tokens.TokenRefreshSerializer",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Ustat API",
    "DESCRIPTION": "Everything a person can do on the Ustat site, as JSON.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "PREPROCESSING_HOOKS": ["api.schema.public_api_only"],
    # Several models have a "status"; each gets its own enum name in the schema.
    "ENUM_NAME_OVERRIDES": {
        "CourseStatusEnum": "courses.models.CourseStatus",
        "EnrollmentStatusEnum": "learning.enrollment.models.Enrollment.Status",
        "LessonProgressStatusEnum": "learning.enrollment.models.LessonProgress.Status",
        "CertificateStatusEnum": "learning.certificates.models.Certificate.Status",
        "SubmissionStatusEnum": "learning.homework.models.Submission.Status",
        "HomeworkKindEnum": "learning.homework.models.Homework.Kind",
        "LiveLessonStatusEnum": "learning.schedule.models.LiveLesson.Status",
        "AttendanceStatusEnum": "learning.schedule.models.Attendance.Status",
        "InvitationStatusEnum": "learning.schedule.models.Invitation.Status",
        "ReviewStatusEnum": "reviews.models.Moderated.Status",
        "ConversationKindEnum": "messaging.models.Conversation.Kind",
        "ConversationStatusEnum": "messaging.models.Conversation.Status",
        "TutorRequestStatusEnum": "tutoring.models.TutorRequest.Status",
        "OfferStatusEnum": "tutoring.models.Offer.Status",
        "TutorRequestLevelEnum": "tutoring.models.Level",
        # Named here too, or the collision with the one above would rename it.
        "LevelEnum": "accounts.models.Level",
        "BookingKindEnum": "learning.bookings.models.Booking.Kind",
        "BookingStatusEnum": "learning.bookings.models.Booking.Status",
        "MaterialKindEnum": "materials.models.MaterialPage.Kind",
        "AttachmentKindEnum": ["pdf", "png", "jpg", "gif", "webp", "docx", "zip", "txt"],
        # The two outcomes a teacher may give a submission (a subset of its statuses).
        "GradeStatusEnum": ["graded", "returned"],
    },
    "SCHEMA_PATH_PREFIX": "/api/",
    # The API speaks JSON: request bodies are documented as JSON (the form parsers stay for
    # file uploads and browser forms, whose views declare their media types themselves).
    "PARSER_WHITELIST": ["core.parsers.JSONParser"],
    # <id:pk> routes (core/ids.py): an integer within the database's range.
    "PATH_CONVERTER_OVERRIDES": {"id": {"type": "integer", "minimum": 0, "maximum": 2**63 - 1}},
}
