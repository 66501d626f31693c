"""Settings package: ``base`` reads the environment, ``local`` and ``production`` adjust it."""
