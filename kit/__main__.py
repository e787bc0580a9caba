"""``python -m kit`` is the same as the ``iids`` command."""

from kit.cli import main

raise SystemExit(main())
