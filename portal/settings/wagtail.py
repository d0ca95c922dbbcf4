"""Wagtail: images, documents and media models, search backends, upload limits."""

from .environment import env
from .storage import AWS_STORAGE_BUCKET_NAME

# --- Wagtail --------------------------------------------------------------------------------

WAGTAIL_SITE_NAME = "Ustat"
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "home.CustomImage"
WAGTAILSEARCH_BACKENDS = {
    # On PostgreSQL the database backend uses PostgreSQL full-text search. Its "russian"
    # configuration stems Cyrillic words as Russian and Latin ones as English.
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "SEARCH_CONFIG": env.str("SEARCH_CONFIG", default="russian"),
    },
}
# Elasticsearch or OpenSearch instead: SEARCH_BACKEND=wagtail.search.backends.elasticsearch8
# (or elasticsearch7) and SEARCH_URLS=https://host:9200, with that client installed.
if SEARCH_BACKEND := env.str("SEARCH_BACKEND", default=""):
    WAGTAILSEARCH_BACKENDS["default"] = {
        "BACKEND": SEARCH_BACKEND,
        "URLS": env.list("SEARCH_URLS", default=["http://localhost:9200"]),
        "INDEX": env.str("SEARCH_INDEX", default="ustat"),
        "TIMEOUT": 5,
        "OPTIONS": {},
        "INDEX_SETTINGS": {},
    }
# Documents and lesson videos live in private storage (courses.models.library) and are served
# only after courses.permissions.can_download_library_file: never a direct /media/ link.
WAGTAILDOCS_DOCUMENT_MODEL = "courses.CourseDocument"
# On S3 a redirect to a signed URL of the private storage (querystring_expire); else streamed.
WAGTAILDOCS_SERVE_METHOD = "redirect" if AWS_STORAGE_BUCKET_NAME else "serve_view"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Lesson videos uploaded to the media library (wagtailmedia): browser-playable formats only.
WAGTAILMEDIA = {
    "MEDIA_MODEL": "courses.CourseMedia",
    "AUDIO_EXTENSIONS": ["mp3", "ogg", "m4a"],
    # As many as the chunked uploader takes (VIDEOS_UPLOAD_EXTENSIONS): the content is
    # checked by ffprobe, the ending only has to let the admin's edit form save.
    "VIDEO_EXTENSIONS": ["mp4", "m4v", "mov", "webm", "mkv", "ogv", "avi", "mpg", "mpeg", "ts"],
    # Its own add/edit views and the chooser's upload read a posted video by content too.
    "MEDIA_FORM_BASE": "videos.library_form.LibraryMediaForm",
}
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
