"""The device base (laitekanta) and the service orders in flight."""
