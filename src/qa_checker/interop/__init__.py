"""Open Badges 3.0, OB 2.0, CTDL and EU ELM: read them as proposals, write proposals as them.

Each standard has its own mapping module (``ob3``, ``ctdl``, ``elm``); ``detect`` tells
which one a JSON document is; ``source`` turns a recognised document into a proposal
``Document`` whose positions are the original file's lines; ``sidecar`` merges the
``<name>.qa.yaml`` that supplies what the standard cannot say; ``validate`` checks
exports against the standards' own schemas, offline; ``yamlout`` writes an imported
proposal with a comment naming each value's source. Nothing here uses the network.
"""
