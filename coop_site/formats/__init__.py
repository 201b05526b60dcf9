"""Date formats of the interface languages that differ from Django's (FORMAT_MODULE_PATH).

A date and time shown to a person says its zone: the admin's read-only times (created,
updated), its lists and the history are Indian time, shown as "…, 2:30 p.m. IST". Only the
formats named here change; the others come from Django's own locale modules.
"""
