"""policykg.loaders.extract: the extraction stage, one spaCy pipeline over clause texts.

Entry points (``pipeline``): ``build_nlp() -> Language``, ``Extractor.run(parsed) -> list[Record]``,
``Extractor.extract(parsed_docs, batch_size=...) -> Iterator[Record]``, ``extract_text(text)``.
Components: ``policykg_regions_v1``, ``policykg_agencies_v1``, ``policykg_responsibilities_v1``,
``policykg_targets_v1`` (``targets``), ``policykg_obligations_v1`` (``obligations``); spaCy forbids
"." in factory names, so the contract's ``policykg.targets.v1`` is spelled with underscores.
"""
