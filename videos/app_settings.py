"""The video pipeline's settings, each declared once with its default (see core.app_settings)."""

from core.app_settings import AppSettings, Setting

MB = 1024 * 1024

# Each rung: the picture's height, the video and audio bitrates (bits per second). A rung
# taller than the source is left out (never upscaled).
DEFAULT_LADDER = [
    {"height": 360, "video_bitrate": 800_000, "audio_bitrate": 96_000},
    {"height": 720, "video_bitrate": 2_800_000, "audio_bitrate": 128_000},
    {"height": 1080, "video_bitrate": 5_000_000, "audio_bitrate": 160_000},
]


class VideosSettings(AppSettings):
    VIDEOS_LADDER = Setting(list, DEFAULT_LADDER, "the HLS renditions, smallest first")
    VIDEOS_SEGMENT_SECONDS = Setting(int, 6, "length of one HLS segment")
    VIDEOS_KEEP_ORIGINAL = Setting(
        bool, True, "keep the uploaded file once HLS is ready (False: delete it, HLS only)"
    )
    VIDEOS_MAX_DURATION_SECONDS = Setting(int, 4 * 60 * 60, "longer videos are refused")
    VIDEOS_X264_PRESET = Setting(str, "veryfast", "x264's speed/size trade-off")
    VIDEOS_TRANSCODE_TIMEOUT_SECONDS = Setting(
        int, 6 * 60 * 60, "an ffmpeg run taking longer is stopped and the job failed"
    )
    VIDEOS_THUMBNAIL_COUNT = Setting(int, 60, "at most this many previews in the seek strip")
    VIDEOS_THUMBNAIL_WIDTH = Setting(int, 160, "width of one preview in the strip, pixels")
    # Signed S3 addresses of segments in a playlist: a player asks for them as it plays, so
    # they must outlive a long lesson with pauses (the playlist itself is fetched again on
    # reload, signed afresh).
    VIDEOS_URL_EXPIRY = Setting(int, 3 * 60 * 60, "seconds a signed segment address is valid")
    VIDEOS_MAX_ATTEMPTS = Setting(int, 5, "automatic retries of a transient failure")
    # The player. A WebVTT file is text: a lesson's subtitles are tens of kilobytes.
    VIDEOS_CAPTION_MAX_SIZE = Setting(int, 512 * 1024, "largest captions file accepted, bytes")
    # A learner who stopped this close to the end (at most the last tenth of the video)
    # finished it: the player starts from the beginning rather than on the last frame.
    VIDEOS_RESUME_END_MARGIN = Setting(int, 15, "seconds before the end that count as finished")

    # --- Uploads (videos.uploads); VIDEOS_MAX_DURATION_SECONDS above applies to them too ---
    # Refused when declared (before a byte is sent) and again when the parts are counted.
    VIDEOS_MAX_UPLOAD_BYTES = Setting(int, 2 * 1024 * MB, "largest video file taken")
    # S3 refuses parts under 5 MB (the last excepted) and more than 10,000 of them, so the S3
    # backend raises smaller sizes to 5 MB and a larger file gets larger parts.
    VIDEOS_UPLOAD_PART_BYTES = Setting(int, 8 * MB, "size of each part but the last")
    # The content is checked at completion anyway; this turns away a document chosen by
    # mistake before it is sent.
    VIDEOS_UPLOAD_EXTENSIONS = Setting(
        list,
        ["mp4", "m4v", "mov", "webm", "mkv", "ogv", "avi", "mpg", "mpeg", "ts"],
        "file name endings accepted at the start of an upload",
    )
    VIDEOS_UPLOAD_SESSION_HOURS = Setting(
        int, 24, "an unfinished upload can be resumed this long, then it is aborted"
    )
    VIDEOS_UPLOAD_URL_EXPIRY = Setting(
        int, 60 * 60, "seconds a presigned S3 address (a part's PUT, ffprobe's GET) is valid"
    )
    VIDEOS_UPLOAD_BACKEND = Setting(
        str, "", '"local" or "s3"; empty: "s3" when the video library\'s storage is S3'
    )


app_settings = VideosSettings()
