"""Release tooling: the release gate, the reproducible release build, the offline edition.

``gate`` decides whether a book may be released and prints the Vietnamese
checklist the leadership signs off against; ``build`` makes the release
(website, PDFs, offline zip, ``release.json``); ``links`` checks a built site;
``precommit`` holds the editors' commit hooks. The build clock (``SOURCE_DATE_EPOCH``)
is core, in ``yearbook.buildinfo``: the PDF wiring and the plugin read it too.
"""
