package dev.mercato.testing;

import dev.mercato.payments.PaymentProcessor;
import java.util.concurrent.atomic.AtomicReference;
import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Lets a test crash the service right before or right after one processor call, once: the call's
 * thread throws {@link Crash} — an {@link Error}, which no handler mistakes for a processor that
 * failed to answer — so nothing the service would have done next is done, as if it had died there.
 * Disarmed, every processor works as configured. Tests of the shared context run one at a time.
 */
@TestConfiguration(proxyBeanMethods = false)
public class ProcessorCrashes {

    public enum Call { AUTHORIZE, CAPTURE, AUTHORIZE_AND_CAPTURE }

    public enum When { BEFORE, AFTER }

    /** The service "dies" here. */
    public static final class Crash extends Error {
        Crash(Call call, When when) {
            super("simulated crash " + when.name().toLowerCase() + " the processor's " + call.name().toLowerCase()
                    .replace('_', ' '));
        }
    }

    private record Plan(Call call, When when) {
    }

    private static final AtomicReference<Plan> ARMED = new AtomicReference<>();

    /** The next {@code call} to any processor crashes {@code when}. */
    public static void arm(Call call, When when) {
        ARMED.set(new Plan(call, when));
    }

    public static void disarm() {
        ARMED.set(null);
    }

    @Bean
    static BeanPostProcessor crashingProcessors() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (!(bean instanceof PaymentProcessor)) {
                    return bean;
                }
                ProxyFactory proxy = new ProxyFactory(bean);
                proxy.setProxyTargetClass(true);
                proxy.addAdvice((MethodInterceptor) invocation -> {
                    Call call = switch (invocation.getMethod().getName()) {
                        case "authorize" -> Call.AUTHORIZE;
                        case "capture" -> Call.CAPTURE;
                        case "authorizeAndCapture" -> Call.AUTHORIZE_AND_CAPTURE;
                        default -> null;
                    };
                    Plan plan = ARMED.get();
                    if (call == null || plan == null || plan.call() != call) {
                        return invocation.proceed();
                    }
                    if (plan.when() == When.BEFORE && ARMED.compareAndSet(plan, null)) {
                        throw new Crash(call, When.BEFORE);
                    }
                    Object answer = invocation.proceed();
                    if (plan.when() == When.AFTER && ARMED.compareAndSet(plan, null)) {
                        throw new Crash(call, When.AFTER);
                    }
                    return answer;
                });
                return proxy.getProxy(bean.getClass().getClassLoader());
            }
        };
    }
}
