package dev.mercato.platform.web;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.util.List;
import java.util.Map;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new CallerArgumentResolver());
    }

    /** A null value inside a JSON object such as metadata is a bad parameter, not a crash deep in the domain. */
    @Bean
    JsonMapperBuilderCustomizer refuseNullMapValues() {
        return builder -> builder.withConfigOverride(Map.class,
                override -> override.setNullHandling(JsonSetter.Value.forContentNulls(Nulls.FAIL)));
    }
}
