#!/usr/bin/python3
"""A test RTSP server on 127.0.0.1 (gst-rtsp-server): a live H.264 test pattern at rtsp://127.0.0.1:PORT/live.

Usage: rtsp_server.py PORT   (0 picks a free port). Prints "PORT <n>" once it listens, then serves
until it is killed or its standard input closes (so it never outlives the test that started it).
"""
import sys
import threading

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

Gst.init(None)
server = GstRtspServer.RTSPServer()
server.set_address("127.0.0.1")
server.set_service(sys.argv[1] if len(sys.argv) > 1 else "0")
factory = GstRtspServer.RTSPMediaFactory()
factory.set_launch(
    "( videotestsrc is-live=true pattern=ball ! video/x-raw,width=320,height=240,framerate=25/1 "
    "! x264enc tune=zerolatency speed-preset=ultrafast key-int-max=25 "
    "! rtph264pay name=pay0 pt=96 config-interval=1 )")
factory.set_shared(False)
server.get_mount_points().add_factory("/live", factory)
if server.attach(None) == 0:
    print("ERROR cannot listen", flush=True)
    sys.exit(2)
print("PORT %d" % server.get_bound_port(), flush=True)
loop = GLib.MainLoop()


def watch_stdin():
    sys.stdin.read()
    GLib.idle_add(loop.quit)


threading.Thread(target=watch_stdin, daemon=True).start()
loop.run()
