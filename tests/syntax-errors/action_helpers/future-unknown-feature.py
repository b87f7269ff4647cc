from __future__ import unicode_literals, nonexistent
