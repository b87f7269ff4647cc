from __future__ import (generators,
    warp_drive)
