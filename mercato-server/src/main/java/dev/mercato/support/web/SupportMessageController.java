package dev.mercato.support.web;

import dev.mercato.platform.Caller;
import dev.mercato.platform.Page;
import dev.mercato.support.SupportInbox;
import dev.mercato.support.SupportMessage;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Users write to support; operators read the inbox. */
@RestController
class SupportMessageController {

    private final SupportInbox inbox;

    SupportMessageController(SupportInbox inbox) {
        this.inbox = inbox;
    }

    record SendMessage(String email, String subject, String body) {
    }

    record MessageView(String id, String object, String userId, String email, String subject, String body, String mailId,
            Instant createdAt) {
        static MessageView of(SupportMessage m) {
            return new MessageView(m.id(), "support_message", m.userId(), m.email(), m.subject(), m.body(), m.mailId(),
                    m.createdAt());
        }
    }

    @PostMapping("/v1/support/messages")
    @ResponseStatus(HttpStatus.CREATED)
    MessageView send(Caller caller, @RequestBody SendMessage body) {
        return MessageView.of(inbox.send(caller.userId(), body.email(), body.subject(), body.body()));
    }

    @GetMapping("/v1/admin/support/messages")
    Page<MessageView> list(Caller caller, @RequestParam(name = "user_id", required = false) String userId,
            @RequestParam(required = false) Integer limit,
            @RequestParam(name = "starting_after", required = false) String startingAfter) {
        caller.requireAdmin();
        int size = Page.limit(limit);
        return Page.fromOverfetch(inbox.list(userId, startingAfter, size + 1), size).map(MessageView::of);
    }
}
