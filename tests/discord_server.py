"""A local fake Discord for end-to-end tests: a gateway over WebSocket and the REST routes the
bot uses, on 127.0.0.1 only.

The real ``discord.py`` client connects to it once :func:`point_discord_at` has overridden
``discord.http.Route.BASE`` and ``discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY``. The
gateway speaks plain JSON text frames: it sends HELLO, accepts IDENTIFY (answering READY then
GUILD_CREATE) and RESUME (answering RESUMED), acknowledges heartbeats, and lets a test dispatch
MESSAGE_CREATE / INTERACTION_CREATE or drop the connection. REST requests are recorded; a test
can queue failures (429 with a small ``retry_after``, 400, 403, 404, 5xx) for a route.

Scripted faults for the bot's resilience: :meth:`FakeDiscord.send_raw` sends any text frame
(e.g. one that is not JSON), :meth:`FakeDiscord.refuse_gateway` answers the next WebSocket
upgrades with an HTTP error (Discord being down), ``close_on_identify`` closes the gateway
with a given code instead of READY (4004: token rejected; 4014: disallowed intents).

Not a Discord emulator: just enough of the protocol for one bot in one guild.
"""
from __future__ import annotations

import asyncio
import itertools
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import discord
import yarl
from aiohttp import WSMsgType, web

GUILD_ID = 710000000000000001
CHANNEL_ID = 710000000000000002
OTHER_CHANNEL_ID = 710000000000000003
BOT_ID = 710000000000000010
APP_ID = BOT_ID
ADMIN_ID = 710000000000000020
MEMBER_ID = 710000000000000021
ADMIN_ROLE_ID = 710000000000000030
BOT_ROLE_ID = 710000000000000031
EVERYONE_PERMS = str(discord.Permissions(view_channel=True, send_messages=True,
                                         read_message_history=True).value)
BOT_PERMS = str(discord.Permissions(view_channel=True, send_messages=True,
                                    read_message_history=True, embed_links=True).value)
OWNER_ID = 710000000000000099

# Gateway opcodes (https://discord.com/developers/docs/topics/opcodes-and-status-codes)
OP_DISPATCH, OP_HEARTBEAT, OP_IDENTIFY, OP_RESUME, OP_HELLO, OP_HEARTBEAT_ACK = 0, 1, 2, 6, 10, 11


@dataclass
class RestCall:
    method: str
    path: str
    json: Any


@dataclass
class Fault:
    """Answer the next ``count`` requests matching ``method`` + ``pattern`` with ``status``."""

    method: str
    pattern: re.Pattern[str]
    status: int
    body: dict[str, Any]
    count: int = 1
    headers: dict[str, str] = field(default_factory=dict)


def json_response(data: Any, *, status: int = 200,
                  headers: dict[str, str] | None = None) -> web.Response:
    """JSON with the exact ``Content-Type: application/json`` discord.py looks for."""
    return web.Response(body=json.dumps(data).encode(), status=status, headers=headers,
                        content_type="application/json")


def _user(user_id: int, name: str, *, bot: bool = False) -> dict[str, Any]:
    return {"id": str(user_id), "username": name, "global_name": name, "discriminator": "0",
            "avatar": None, "bot": bot}


class FakeDiscord:
    """The server. ``await start()`` binds an ephemeral port on 127.0.0.1."""

    def __init__(self) -> None:
        self.calls: list[RestCall] = []
        self.messages: dict[int, list[dict[str, Any]]] = {}
        self.interaction_responses: list[dict[str, Any]] = []
        self.identifies = 0
        self.resumes = 0
        self.faults: list[Fault] = []
        self._ws: web.WebSocketResponse | None = None
        self._seq = 0
        self._ids = itertools.count(1)
        self._runner: web.AppRunner | None = None
        self.port = 0
        self.session_id = "fake-session-1"
        self.token = "fake.bot.token"
        self.refuse_message_content = False
        #: a close code to answer IDENTIFY with instead of READY (None: accept)
        self.close_on_identify: int | None = None
        self.gateway_refusals: list[int] = []  # HTTP statuses for the next gateway upgrades
        self.bot_can_embed = True  # the bot's role grants Embed Links (set before IDENTIFY)
        self.events: asyncio.Queue[str] = asyncio.Queue()
        self.message_posted = asyncio.Condition()

    # -------------------------------------------------------------------------- lifecycle

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def stop(self) -> None:
        if self._ws is not None and not self._ws.closed:
            await self._ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    def next_id(self) -> int:
        """A fresh snowflake for *now* (discord.py derives an interaction's expiry from it)."""
        return discord.utils.time_snowflake(datetime.now(timezone.utc)) + next(self._ids)

    # -------------------------------------------------------------------------- gateway

    async def _gateway(self, request: web.Request) -> web.StreamResponse:
        if self.gateway_refusals:
            status = self.gateway_refusals.pop(0)
            return web.Response(status=status, text="gateway unavailable")
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._ws = ws
        await ws.send_json({"op": OP_HELLO, "d": {"heartbeat_interval": 30_000}, "s": None, "t": None})
        async for msg in ws:
            if msg.type != WSMsgType.TEXT:
                continue
            payload = json.loads(msg.data)
            await self._on_gateway(ws, payload)
        return ws

    async def _on_gateway(self, ws: web.WebSocketResponse, payload: dict[str, Any]) -> None:
        op = payload.get("op")
        if op == OP_HEARTBEAT:
            await ws.send_json({"op": OP_HEARTBEAT_ACK, "d": None, "s": None, "t": None})
        elif op == OP_IDENTIFY:
            self.identifies += 1
            if self.refuse_message_content:  # Discord's answer to a disallowed privileged intent
                await ws.close(code=4014, message=b"Disallowed intent(s).")
                return
            if self.close_on_identify is not None:
                await ws.close(code=self.close_on_identify, message=b"closed by the test")
                return
            await self.dispatch("READY", self._ready_payload())
            await self.dispatch("GUILD_CREATE", self.guild_payload())
            await self.events.put("identify")
        elif op == OP_RESUME:
            self.resumes += 1
            await self.dispatch("RESUMED", {})
            await self.events.put("resume")

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send one DISPATCH frame to the connected client."""
        if self._ws is None or self._ws.closed:
            raise RuntimeError("no client connected to the fake gateway")
        self._seq += 1
        await self._ws.send_json({"op": OP_DISPATCH, "t": event, "s": self._seq, "d": data})

    async def send_raw(self, text: str) -> None:
        """Send one text frame exactly as given (a payload discord.py may not be able to read)."""
        if self._ws is None or self._ws.closed:
            raise RuntimeError("no client connected to the fake gateway")
        await self._ws.send_str(text)

    def refuse_gateway(self, *statuses: int) -> None:
        """Answer the next gateway connections with these HTTP statuses (one each)."""
        self.gateway_refusals.extend(statuses)

    async def drop_connection(self) -> None:
        """Close the socket with a resumable close code, as Discord does on a network blip."""
        if self._ws is not None:
            await self._ws.close(code=4000, message=b"unknown error")

    def _ready_payload(self) -> dict[str, Any]:
        return {
            "v": 10,
            "user": {**_user(BOT_ID, "briefbot", bot=True), "verified": True, "mfa_enabled": False},
            "guilds": [{"id": str(GUILD_ID), "unavailable": True}],
            "session_id": self.session_id,
            "resume_gateway_url": self.gateway_url,
            "application": {"id": str(APP_ID), "flags": 0},
        }

    def guild_payload(self) -> dict[str, Any]:
        def channel(cid: int, name: str) -> dict[str, Any]:
            return {"id": str(cid), "type": 0, "guild_id": str(GUILD_ID), "name": name,
                    "position": 0, "permission_overwrites": [], "nsfw": False, "parent_id": None}

        return {
            "id": str(GUILD_ID), "name": "Newsroom", "owner_id": str(OWNER_ID), "unavailable": False,
            "member_count": 3, "large": False, "features": [], "emojis": [], "stickers": [],
            "roles": [
                {"id": str(GUILD_ID), "name": "@everyone", "permissions": EVERYONE_PERMS,
                 "position": 0, "color": 0, "hoist": False, "managed": False, "mentionable": False},
                {"id": str(ADMIN_ROLE_ID), "name": "Editors", "permissions": EVERYONE_PERMS,
                 "position": 1, "color": 0, "hoist": False, "managed": False, "mentionable": False},
                {"id": str(BOT_ROLE_ID), "name": "Briefbot", "permissions": BOT_PERMS,
                 "position": 2, "color": 0, "hoist": False, "managed": True, "mentionable": False},
            ],
            "channels": [channel(CHANNEL_ID, "briefings"), channel(OTHER_CHANNEL_ID, "desk")],
            "members": [self.member_payload(BOT_ID, "briefbot", bot=True,
                                            roles=(BOT_ROLE_ID,) if self.bot_can_embed else ())],
            "threads": [], "voice_states": [], "presences": [],
            "premium_tier": 0, "system_channel_flags": 0, "verification_level": 0,
            "default_message_notifications": 0, "explicit_content_filter": 0, "mfa_level": 0,
            "nsfw_level": 0, "preferred_locale": "en-US", "joined_at": "2026-01-01T00:00:00+00:00",
        }

    @staticmethod
    def member_payload(user_id: int, name: str, *, roles: tuple[int, ...] = (),
                       bot: bool = False) -> dict[str, Any]:
        return {"user": _user(user_id, name, bot=bot), "roles": [str(r) for r in roles],
                "joined_at": "2026-01-01T00:00:00+00:00", "deaf": False, "mute": False,
                "flags": 0, "nick": None}

    # -------------------------------------------------------------------------- what tests send

    async def send_message(self, content: str, *, author_id: int = MEMBER_ID,
                           author_name: str = "reporter", roles: tuple[int, ...] = (),
                           channel_id: int = CHANNEL_ID) -> int:
        """Dispatch MESSAGE_CREATE as if a guild member typed ``content``."""
        message_id = self.next_id()
        member = self.member_payload(author_id, author_name, roles=roles)
        await self.dispatch("MESSAGE_CREATE", {
            "id": str(message_id), "channel_id": str(channel_id), "guild_id": str(GUILD_ID),
            "author": member["user"], "member": {k: v for k, v in member.items() if k != "user"},
            "content": content, "timestamp": "2026-03-02T09:00:00+00:00", "edited_timestamp": None,
            "tts": False, "mention_everyone": False, "mentions": [], "mention_roles": [],
            "attachments": [], "embeds": [], "pinned": False, "type": 0,
        })
        return message_id

    async def send_slash(self, name: str, options: list[dict[str, Any]] | None = None, *,
                         author_id: int = MEMBER_ID, permissions: int | None = None,
                         interaction_type: int = 2,
                         resolved: dict[str, Any] | None = None) -> int:
        """Dispatch INTERACTION_CREATE for a chat-input command (or autocomplete, type 4)."""
        interaction_id = self.next_id()
        member = self.member_payload(author_id, "reporter")
        member["permissions"] = str(permissions if permissions is not None else EVERYONE_PERMS)
        await self.dispatch("INTERACTION_CREATE", {
            "id": str(interaction_id), "application_id": str(APP_ID), "type": interaction_type,
            "token": f"itoken-{interaction_id}", "version": 1, "guild_id": str(GUILD_ID),
            "channel_id": str(CHANNEL_ID),
            "channel": {"id": str(CHANNEL_ID), "type": 0, "guild_id": str(GUILD_ID),
                        "name": "briefings", "position": 0, "permission_overwrites": []},
            "member": member, "app_permissions": "0", "locale": "en-US",
            "attachment_size_limit": 8_000_000, "entitlements": [],
            "data": {"id": str(self.next_id()), "name": name, "type": 1, "options": options or [],
                     "resolved": resolved or {}},
        })
        return interaction_id

    async def press_button(self, message: dict[str, Any], custom_id: str, *,
                           author_id: int = MEMBER_ID) -> int:
        """Dispatch INTERACTION_CREATE for a button press on a message the bot sent."""
        interaction_id = self.next_id()
        member = self.member_payload(author_id, "reporter")
        member["permissions"] = EVERYONE_PERMS
        await self.dispatch("INTERACTION_CREATE", {
            "id": str(interaction_id), "application_id": str(APP_ID), "type": 3,
            "token": f"itoken-{interaction_id}", "version": 1, "guild_id": str(GUILD_ID),
            "channel_id": str(CHANNEL_ID), "member": member, "app_permissions": "0",
            "locale": "en-US", "attachment_size_limit": 8_000_000, "entitlements": [],
            "message": message, "data": {"custom_id": custom_id, "component_type": 2},
        })
        return interaction_id

    def resolved_channel(self, channel_id: int, name: str) -> dict[str, Any]:
        """The ``resolved`` block Discord sends with a channel option."""
        return {"channels": {str(channel_id): {
            "id": str(channel_id), "name": name, "type": 0, "guild_id": str(GUILD_ID),
            "permissions": EVERYONE_PERMS, "position": 0, "permission_overwrites": []}}}

    def fail(self, method: str, pattern: str, status: int, *, count: int = 1,
             retry_after: float = 0.05, code: int | None = None,
             errors: dict[str, Any] | None = None) -> None:
        """Queue ``count`` failures for requests matching ``pattern`` (a regex on the path).
        ``code`` and ``errors`` override the JSON error body (e.g. 50035 with per-field
        ``errors``: Discord's "Invalid Form Body")."""
        if status == 429:
            body: dict[str, Any] = {"message": "You are being rate limited.",
                                    "retry_after": retry_after, "global": False}
            headers = {"Via": "1.1 google", "X-RateLimit-Remaining": "0",
                       "X-RateLimit-Reset-After": str(retry_after), "X-RateLimit-Limit": "5",
                       "X-RateLimit-Bucket": "fakebucket", "X-RateLimit-Scope": "user"}
        else:
            codes = {400: (50035, "Invalid Form Body"), 403: (50013, "Missing Permissions"),
                     404: (10003, "Unknown Channel")}
            default_code, text = codes.get(status, (0, "Error"))
            body = {"message": text, "code": default_code if code is None else code}
            if errors is not None:
                body["errors"] = errors
            headers = {}
        self.faults.append(Fault(method, re.compile(pattern), status, body, count, headers))

    # -------------------------------------------------------------------------- REST

    async def _rest(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        body: Any = None
        if request.can_read_body and request.content_type == "application/json":
            body = await request.json()
        elif request.can_read_body and request.content_type.startswith("multipart/"):
            body = await self._read_multipart(request)
        self.calls.append(RestCall(request.method, path, body))
        if request.headers.get("Authorization") != f"Bot {self.token}" and not path.startswith(
                ("/interactions/", "/webhooks/")):
            return json_response({"message": "401: Unauthorized", "code": 0}, status=401)
        fault = self._take_fault(request.method, path)
        if fault is not None:
            return json_response(fault.body, status=fault.status, headers=fault.headers)
        return await self._route(request.method, path, body)

    @staticmethod
    async def _read_multipart(request: web.Request) -> Any:
        reader = await request.multipart()
        async for part in reader:
            if getattr(part, "name", None) == "payload_json":
                return json.loads(await part.text())  # type: ignore[union-attr]
        return None

    def _take_fault(self, method: str, path: str) -> Fault | None:
        for fault in self.faults:
            if fault.method == method and fault.pattern.search(path) and fault.count > 0:
                fault.count -= 1
                return fault
        return None

    async def _route(self, method: str, path: str, body: Any) -> web.Response:
        if method == "GET" and path == "/users/@me":
            return json_response({**_user(BOT_ID, "briefbot", bot=True), "verified": True,
                                      "mfa_enabled": False, "flags": 0})
        if method == "GET" and path == "/oauth2/applications/@me":
            return json_response(self._app_info())
        if match := re.fullmatch(r"/channels/(\d+)/messages", path):
            if method == "POST":
                return await self._post_message(int(match[1]), body or {})
        if method == "GET" and (match := re.fullmatch(r"/users/(\d+)", path)):
            return json_response(_user(int(match[1]), "admin"))
        if method == "POST" and path == "/users/@me/channels":
            return json_response({"id": str(self.next_id()), "type": 1,
                                      "recipients": [_user(int(body["recipient_id"]), "admin")],
                                      "last_message_id": None})
        if match := re.fullmatch(r"/interactions/(\d+)/([^/]+)/callback", path):
            return await self._interaction_callback(int(match[1]), body or {})
        if match := re.fullmatch(r"/webhooks/(\d+)/([^/]+)", path):
            if method == "POST":
                self.interaction_responses.append({"followup": match[2], "data": body or {}})
                return await self._post_message(0, body or {})
        if re.fullmatch(r"/webhooks/(\d+)/([^/]+)/messages/@original", path):
            return await self._post_message(0, body or {}, record=False)
        if method in ("PUT", "GET") and re.fullmatch(r"/applications/\d+(/guilds/\d+)?/commands", path):
            return json_response([])
        return json_response({"message": f"fake Discord has no route {method} {path}",
                                  "code": 0}, status=404)

    async def _interaction_callback(self, interaction_id: int, body: dict[str, Any]
                                    ) -> web.Response:
        """Record the response and answer like Discord does for ``?with_response=true``."""
        self.interaction_responses.append({"interaction_id": interaction_id, **body})
        kind = body.get("type")
        data = body.get("data") or {}
        message = None
        if kind in (4, 7):  # a message, or a component's message update
            message = self._message(0, data)
        async with self.message_posted:
            self.message_posted.notify_all()
        resource: dict[str, Any] = {"type": kind}
        if message is not None:
            resource["message"] = message
        return json_response({
            "interaction": {
                "id": str(interaction_id), "type": 2,
                "response_message_id": message["id"] if message else None,
                "response_message_loading": kind == 5,
                "response_message_ephemeral": bool(data.get("flags", 0) & 64),
            },
            "resource": resource,
        })

    def _app_info(self) -> dict[str, Any]:
        return {"id": str(APP_ID), "name": "briefbot", "icon": None, "description": "",
                "rpc_origins": [], "bot_public": True, "bot_require_code_grant": False,
                "owner": _user(OWNER_ID, "owner"), "summary": "", "verify_key": "0" * 64,
                "flags": 0, "team": None}

    async def _post_message(self, channel_id: int, body: dict[str, Any], *,
                            record: bool = True) -> web.Response:
        message = self._message(channel_id, body)
        if record:
            self.messages.setdefault(channel_id, []).append(message)
        async with self.message_posted:
            self.message_posted.notify_all()
        return json_response(message)

    def _message(self, channel_id: int, body: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": str(self.next_id()), "channel_id": str(channel_id or CHANNEL_ID),
            "author": _user(BOT_ID, "briefbot", bot=True), "content": body.get("content") or "",
            "timestamp": "2026-03-02T09:00:01+00:00", "edited_timestamp": None, "tts": False,
            "mention_everyone": False, "mentions": [], "mention_roles": [], "attachments": [],
            "embeds": body.get("embeds") or [], "components": body.get("components") or [],
            "pinned": False, "type": 0, "allowed_mentions": body.get("allowed_mentions"),
        }

    async def wait_for_messages(self, channel_id: int, count: int, *, timeout: float = 5.0
                                ) -> list[dict[str, Any]]:
        """Wait until ``channel_id`` has at least ``count`` messages (0 = interaction follow-ups)."""
        async def enough() -> list[dict[str, Any]]:
            async with self.message_posted:
                await self.message_posted.wait_for(
                    lambda: len(self.messages.get(channel_id, [])) >= count)
            return self.messages[channel_id]

        return await asyncio.wait_for(enough(), timeout)

    async def wait_for_interaction_response(self, count: int = 1, *, timeout: float = 5.0) -> None:
        async def enough() -> None:
            async with self.message_posted:
                await self.message_posted.wait_for(
                    lambda: len(self.interaction_responses) >= count)

        await asyncio.wait_for(enough(), timeout)


def point_discord_at(server: FakeDiscord) -> tuple[str, yarl.URL]:
    """Point discord.py at ``server``; returns the previous (BASE, DEFAULT_GATEWAY) to restore."""
    previous = (discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)
    discord.http.Route.BASE = server.api_base
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(server.gateway_url)
    return previous


def restore_discord(previous: tuple[str, yarl.URL]) -> None:
    discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = previous
