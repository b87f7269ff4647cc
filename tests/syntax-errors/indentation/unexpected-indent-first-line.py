    import os
