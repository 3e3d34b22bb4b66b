"""Rules of the public electronic case file (expediente): stages, checklist and zip download."""
