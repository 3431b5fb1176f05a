from reporting.core.cli import main

raise SystemExit(main())
