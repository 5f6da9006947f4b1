"""The model's declared data, read from ``schemas/``: the vocabulary (:mod:`.vocabulary`, from
``schemas/model.yaml``) and the gap taxonomy (:mod:`.taxonomy`). Every reader raises
:class:`~graph.errors.SchemaError` naming the file and line."""
