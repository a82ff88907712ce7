"""The codec layer: bytes to positioned tokens and back (PS3.10 §7, PS3.5 §7, §A.4, §A.5).

It never imports the tree (dataset, dataelem, sequence): ``layouts`` holds the construct
structs and their derived codecs, ``tokens`` the token kinds, problems and paths, ``sniff``
how a file's encoding is found, ``policy`` what a fault does (strict raises, tolerant records),
``sources`` where bytes come from, and ``walk`` the one walk that every reader consumes.
"""
