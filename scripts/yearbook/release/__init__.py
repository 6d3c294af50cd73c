"""Release tooling: the release gate, the reproducible release build, the offline edition.

``gate`` decides whether a book may be released and prints the Vietnamese
checklist the leadership signs off against; ``build`` makes the release
(website, PDFs, offline zip, ``release.json``); ``links`` checks a built site;
``clock`` pins every date to ``SOURCE_DATE_EPOCH``; ``precommit`` holds the
editors' commit hooks.
"""
