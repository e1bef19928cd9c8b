"""What the documentation site is built from, besides the pages in ``docs/``.

``mkdocs build`` runs the ``*_pages.py`` scripts here (mkdocs-gen-files): the home page
from the README, the operation reference from the operation tables, and the API reference
pages that mkdocstrings fills from the docstrings.
"""
