"""The classroom page's parts that need no browser: its state, charts, lessons' numbers.

The page itself is ``model/app.py`` (``make app``); see docs/teachers-guide.md. Modules:

- :mod:`~model.classroom.columns`: the one table of outcome columns the page shows.
- :mod:`~model.classroom.session`: one tab's state (model, controls, play loop).
- :mod:`~model.classroom.charts`: Vega-Lite specifications drawn by the browser.
- :mod:`~model.classroom.widgets`: the browser widgets that draw and export them.
- :mod:`~model.classroom.store`: saved runs on disk (they survive a reload).
- :mod:`~model.classroom.game`: the optional class game over the classroom network.
- :mod:`~model.classroom.assets`: the front-end files served locally (no internet).
- :mod:`~model.classroom.guide_numbers`: the numbers docs/teachers-guide.md quotes.
"""
