"""The videos app's settings, with their defaults (see core.app_settings)."""

from core.app_settings import AppSettings, Setting

MB = 1024 * 1024


class VideosSettings(AppSettings):
    # Refused when declared (before a byte is sent) and again when the parts are counted.
    VIDEOS_MAX_UPLOAD_BYTES = Setting(int, 2 * 1024 * MB)
    # The size of each part but the last. S3 refuses parts under 5 MB (the last excepted) and
    # more than 10,000 of them, so a larger file gets larger parts (videos.uploads.sizes).
    VIDEOS_UPLOAD_PART_BYTES = Setting(int, 8 * MB)
    # Longer videos are refused at completion (read by ffprobe, not from the file's name).
    VIDEOS_MAX_DURATION_SECONDS = Setting(int, 3 * 60 * 60)
    # The file names accepted at the start: the content is checked at completion anyway; this
    # turns away a document chosen by mistake before it is sent.
    VIDEOS_UPLOAD_EXTENSIONS = Setting(
        list, ["mp4", "m4v", "mov", "webm", "mkv", "ogv", "avi", "mpg", "mpeg", "ts"]
    )
    # An unfinished upload is kept (and can be resumed) this long; then it is aborted.
    VIDEOS_UPLOAD_SESSION_HOURS = Setting(int, 24)
    # Seconds a presigned S3 address (a part's PUT, ffprobe's GET) stays valid.
    VIDEOS_UPLOAD_URL_EXPIRY = Setting(int, 60 * 60)
    # "local" (parts through our own PUT endpoint into the private storage) or "s3" (the browser
    # PUTs straight to the bucket); empty: "s3" when the video library's storage is S3.
    VIDEOS_UPLOAD_BACKEND = Setting(str, "")


app_settings = VideosSettings()
