"""The reviews app's settings, with their defaults (core.app_settings)."""

from core.app_settings import AppSettings, Setting


class ReviewsSettings(AppSettings):
    # True: new and edited reviews and replies are published at once and moderated after the
    # fact (they still show in the queue); False: they wait for a moderator first.
    REVIEWS_PUBLISH_AT_ONCE = Setting(bool, False)
    # The "best rated" order's damping: a target's average is pulled toward the site's mean
    # as if it had this many more reviews at that mean (a Bayesian average).
    REVIEWS_PRIOR_WEIGHT = Setting(int, 10)
    # A learner may review a course after completing it or this share of its lessons.
    REVIEWS_COURSE_SHARE = Setting(float, 1 / 3)
    # A learner is invited to review a tutor after this many attended live lessons with them.
    REVIEWS_INVITE_AFTER_LESSONS = Setting(int, 3)
    # Reviews per page on course and tutor pages and in the API.
    REVIEWS_PER_PAGE = Setting(int, 10)


app_settings = ReviewsSettings()
