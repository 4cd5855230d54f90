package dev.mercato.platform.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Describes the API for /v3/api-docs and lets Swagger UI send an API key. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI mercatoOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Mercato API").version("v1")
                        .description("Marketplace and monetization engine on one double-entry ledger. JSON under /v1, "
                                + "amounts in minor units, errors as RFC 9457 problem+json with a stable code, "
                                + "Idempotency-Key on every POST, cursor pagination with limit and starting_after."))
                .components(new Components().addSecuritySchemes("apiKey", new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("mk_…")
                        .description("An API key: Authorization: Bearer mk_…")))
                .addSecurityItem(new SecurityRequirement().addList("apiKey"));
    }
}
