"""The personal cabinet: a learner's and a teacher's own area of the site."""
