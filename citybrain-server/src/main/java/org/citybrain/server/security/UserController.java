package org.citybrain.server.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.citybrain.hub.entity.ProblemType;
import org.citybrain.server.web.ApiException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Users and their tokens (administrators only, except {@code /me}). */
@RestController
@RequestMapping("/api/users")
@Tag(name = "users", description = "API users, their roles and bearer tokens")
class UserController {
    private final UserRegistry users;

    UserController(UserRegistry users) {
        this.users = users;
    }

    @Operation(summary = "Create a user", description = "Body {\"name\": ..., \"role\": \"VIEWER|OPERATOR|ADMIN\"}; "
            + "the answer carries the user's bearer token, shown this once.")
    @PostMapping
    ResponseEntity<Map<String, Object>> create(@RequestBody JsonNode body) {
        if (!body.isObject()) {
            throw ApiException.of(ProblemType.INVALID_REQUEST, "$", "expected an object with name and role");
        }
        String name = ApiException.requireText(body, "name");
        Role role;
        try {
            role = Role.valueOf(ApiException.requireText(body, "role"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequestData("$.role", "role must be one of VIEWER, OPERATOR, ADMIN");
        }
        User user;
        try {
            user = new User(name, role);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequestData("$.name", e.getMessage());
        }
        UserRegistry.Issued issued;
        try {
            issued = users.add(user);
        } catch (IllegalArgumentException e) {
            throw ApiException.of(ProblemType.ALREADY_EXISTS, "$.name", e.getMessage());
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("name", user.name());
        answer.put("role", user.role());
        answer.put("token", issued.token());
        return ResponseEntity.status(HttpStatus.CREATED).body(answer);
    }

    @Operation(summary = "List users (without tokens)")
    @GetMapping
    List<User> list() {
        return users.users();
    }

    @Operation(summary = "The user this token belongs to")
    @GetMapping("/me")
    User me(@AuthenticationPrincipal User user) {
        return user;
    }
}
