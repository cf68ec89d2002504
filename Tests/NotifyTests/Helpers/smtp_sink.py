#!/usr/bin/env python3
"""A real SMTP server (aiosmtpd) for NotifyTests, on 127.0.0.1 (or --host) and a port the kernel picks.

Writes the port to DIR/port once listening, and for every accepted message DIR/msg-N.eml (the bytes after DATA,
dot-unstuffed by aiosmtpd) and DIR/msg-N.json (envelope, ESMTP options, the authenticated user, whether TLS was on).

  --mode plain|starttls|implicit|silent   silent: accept connections and never say a word
  --auth USER:PASSWORD                    offer AUTH PLAIN/LOGIN and require it before MAIL
  --allow-auth-plain                      accept AUTH without TLS (for the test of the explicit allow flag)
  --refuse PREFIX                         answer 550 to RCPT TO addresses starting with PREFIX
  --cert/--key PEM                        the server certificate for starttls/implicit
"""
import argparse
import asyncio
import json
import os
import signal
import ssl

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Recorder:
    def __init__(self, directory, refuse):
        self.directory = directory
        self.refuse = refuse
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse and address.startswith(self.refuse):
            return "550 5.1.1 <%s>: recipient address rejected: no such user" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.directory, "msg-%d" % self.count)
        with open(base + ".eml", "wb") as f:
            f.write(envelope.original_content)
        info = {
            "helo": session.host_name,
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "mail_options": envelope.mail_options,
            "auth_user": session.auth_data.decode() if isinstance(session.auth_data, bytes) else session.auth_data,
            "tls": session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None,
        }
        with open(base + ".json", "w") as f:
            json.dump(info, f)
        return "250 2.0.0 queued as %d" % self.count


def authenticator_for(user, password):
    def authenticate(server, session, envelope, mechanism, auth_data):
        if isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user and auth_data.password.decode() == password:
            return AuthResult(success=True, auth_data=user)
        return AuthResult(success=False, handled=False)
    return authenticate


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--mode", default="plain", choices=["plain", "starttls", "implicit", "silent"])
    parser.add_argument("--auth")
    parser.add_argument("--allow-auth-plain", action="store_true")
    parser.add_argument("--refuse")
    parser.add_argument("--cert")
    parser.add_argument("--key")
    args = parser.parse_args()

    loop = asyncio.get_running_loop()
    context = None
    if args.mode in ("starttls", "implicit"):
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)

    if args.mode == "silent":
        server = await loop.create_server(asyncio.Protocol, args.host, 0)
    else:
        recorder = Recorder(args.dir, args.refuse)
        options = {"hostname": "sink.test"}
        if args.auth:
            user, password = args.auth.split(":", 1)
            options.update(
                authenticator=authenticator_for(user, password),
                auth_required=True,
                auth_require_tls=not args.allow_auth_plain,
            )
        if args.mode == "starttls":
            options.update(tls_context=context, require_starttls=True)

        def factory():
            return SMTP(recorder, **options)

        server = await loop.create_server(factory, args.host, 0, ssl=context if args.mode == "implicit" else None)

    port = server.sockets[0].getsockname()[1]
    with open(os.path.join(args.dir, "port.tmp"), "w") as f:
        f.write(str(port))
    os.rename(os.path.join(args.dir, "port.tmp"), os.path.join(args.dir, "port"))
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    # The test stops us with SIGTERM; the Swift test process may hand us SIGTERM blocked or ignored.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    asyncio.run(main())
