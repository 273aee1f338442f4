"""The room hears of each kernel websocket when it opens and closes (jupyter_server's extension point for it).

jupyter_server builds one *kernel websocket connection* per page websocket, of the class set in the server's
``kernel_websocket_connection_class`` (Voilà passes its own trait of that name into the web app's settings).
:class:`RoomWebsocketConnection` is jupyter_server's ZMQ connection, which also tells the server's
:class:`coachkit.room.Room` at once: a page counts as connected from the moment its websocket opens (not from the
next reap tick, so a tab closed a second after connecting gets the disconnected grace), and the grace of a page
whose last websocket closed starts at that close. :class:`coachkit.room.RoomApp` installs it unless another class was
configured.
"""

from __future__ import annotations

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection

__all__ = ["RoomWebsocketConnection", "ZMQChannelsWebsocketConnection"]


class RoomWebsocketConnection(ZMQChannelsWebsocketConnection):
    """jupyter_server's kernel websocket connection, reporting its opening and closing to the room."""

    def _room(self):
        handler = self.websocket_handler
        return handler.settings.get("coachkit_room") if handler is not None else None

    def connect(self):
        connected = super().connect()
        room = self._room()
        if connected is not None and room is not None:  # None: it failed and was disconnected already
            room.connected(self.kernel_id)
        return connected

    def disconnect(self):
        try:
            return super().disconnect()
        finally:
            room = self._room()
            if room is not None:
                room.disconnected(self.kernel_id)
