package dev.mercato.platform.web;

import dev.mercato.platform.ApiException;
import dev.mercato.platform.Caller;
import java.lang.reflect.ParameterizedType;
import java.util.Optional;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/**
 * Lets controllers take the authenticated {@link Caller} as a parameter, or {@code Optional<Caller>}
 * on public reads that work with and without a key.
 */
class CallerArgumentResolver implements HandlerMethodArgumentResolver {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Caller.class
                || (parameter.getParameterType() == Optional.class
                        && parameter.getGenericParameterType() instanceof ParameterizedType type
                        && type.getActualTypeArguments()[0] == Caller.class);
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request,
            WebDataBinderFactory binders) {
        Object caller = request.getAttribute(Caller.REQUEST_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        if (parameter.getParameterType() == Optional.class) {
            return Optional.ofNullable(caller);
        }
        if (caller == null) {
            throw new ApiException(401, "authentication_required", "send an API key as Authorization: Bearer mk_…");
        }
        return caller;
    }
}
