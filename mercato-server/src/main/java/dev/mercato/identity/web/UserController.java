package dev.mercato.identity.web;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import dev.mercato.identity.User;
import dev.mercato.identity.UserManagement;
import dev.mercato.platform.ApiException;
import dev.mercato.platform.Caller;
import java.time.Instant;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
class UserController {

    private final UserManagement users;

    UserController(UserManagement users) {
        this.users = users;
    }

    record CreateUser(String email, String name, String role,
            @JsonSetter(contentNulls = Nulls.FAIL) Map<String, String> metadata) {
    }

    record UserView(String id, String object, String email, String name, String role, Map<String, String> metadata,
            Instant createdAt) {

        static UserView of(User user) {
            return new UserView(user.id(), "user", user.email(), user.name(), user.role().code(), user.metadata(),
                    user.createdAt());
        }
    }

    /** Platforms create their users through their own backend, with an admin key. */
    @PostMapping("/v1/users")
    @ResponseStatus(HttpStatus.CREATED)
    UserView create(Caller caller, @RequestBody CreateUser request) {
        caller.requireAdmin();
        User.Role role;
        try {
            role = request.role() == null ? User.Role.USER : User.Role.of(request.role());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("invalid_role", "role must be 'user' or 'admin'");
        }
        return UserView.of(users.create(request.email(), request.name(), role, request.metadata()));
    }

    @GetMapping("/v1/users/me")
    UserView me(Caller caller) {
        return get(caller, caller.userId());
    }

    @GetMapping("/v1/users/{id}")
    UserView get(Caller caller, @PathVariable String id) {
        return users.find(id).filter(user -> caller.mayAccess(user.id())).map(UserView::of)
                .orElseThrow(() -> ApiException.notFound("user_not_found", "no user " + id));
    }
}
