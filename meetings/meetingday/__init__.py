"""Meeting day: running a published meeting (start, current item, re-timing, postponing)."""
