from reporting.cli import main

raise SystemExit(main())
