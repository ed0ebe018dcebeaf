"""The quick start's e-mail backend: prints each message readably, so links can be clicked.

Django's console backend prints the raw MIME source, where long links are wrapped by
quoted-printable encoding and cannot be followed from the terminal.
"""

from django.core.mail.backends.console import EmailBackend as DjangoConsoleBackend


class EmailBackend(DjangoConsoleBackend):
    def write_message(self, message):
        headers = message.message()
        lines = [
            f"From: {message.from_email}",
            f"To: {', '.join(message.to)}",
            f"Subject: {message.subject}",
            f"Message-ID: {headers['Message-ID']}",
            "",
            message.body.rstrip(),
            "",
        ]
        self.stream.write("\n".join(lines) + "\n" + "-" * 79 + "\n")
