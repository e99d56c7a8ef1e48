"""One module per framework, each defining ``SPEC`` (a :class:`lineage_lint.profiles.spec.Spec`) and, when
it looks names up in other files, ``REGISTRIES``. :data:`lineage_lint.profiles.FRAMEWORKS` lists them in
the order they are tried."""
