"""Find a tutor: a learner's request, tutors ranked for it, tutors' offers, the accepted one."""
