package dev.mercato.platform.outbox;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.scheduling.annotation.AsyncAnnotationBeanPostProcessor;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.EventListenerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.interceptor.DefaultTransactionAttribute;
import org.springframework.transaction.interceptor.RuleBasedTransactionAttribute;
import org.springframework.transaction.interceptor.TransactionAttribute;
import org.springframework.transaction.interceptor.TransactionAttributeSource;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.transaction.event.TransactionalApplicationListenerMethodAdapter;

/**
 * The deliveries one transaction's events owe to {@code @ApplicationModuleListener}s, made in one
 * transaction instead of one each (ADR 0040): a paid order has six listeners, and six commits per
 * purchase were half the checkout's transactions. After the publishing transaction commits, one
 * asynchronous task opens a transaction and invokes each listener, in publication order, exactly
 * as Modulith would — through its proxy, so the listener's publication is still completed inside
 * the listener's work (ADR 0016) — except that the listener runs on the task's thread and joins
 * the group's transaction instead of a thread and a transaction of its own. Should a listener fail
 * (or the group's commit), the whole group rolls back — nothing it did, nor any event it
 * published, survives — and every delivery of the group is then made on the ordinary path, one
 * thread and transaction each, exactly as without grouping: the failing listener fails alone and is
 * recorded and retried as before. A transaction with a single delivery takes the ordinary path, as
 * do resubmitted publications ({@link OutboxRetry}).
 */
final class GroupedDelivery {

    private static final Logger log = LoggerFactory.getLogger(GroupedDelivery.class);

    /**
     * Set on the delivering thread right before a grouped listener is invoked; each part is used
     * once, by the first asynchronous call (run here instead) and the first transaction opened
     * (joined instead of a new one), so whatever the listener calls itself is untouched.
     */
    private static final ThreadLocal<Armed> ARMED = new ThreadLocal<>();

    private static final class Armed {
        boolean inline = true;
        boolean joins = true;
    }

    private final BeanFactory beans;
    private volatile TransactionTemplate transaction;

    /** Lazy: listener factories are created before the beans they use. */
    GroupedDelivery(BeanFactory beans) {
        this.beans = beans;
    }

    /** The executor {@code @Async} uses by default (each delivery is asynchronous as before). */
    private Executor executor() {
        return beans.getBean("applicationTaskExecutor", Executor.class);
    }

    private TransactionTemplate transaction() {
        TransactionTemplate template = transaction;
        if (template == null) {
            template = new TransactionTemplate(beans.getBean(PlatformTransactionManager.class));
            template.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
            transaction = template;
        }
        return template;
    }

    /** Called from a listener's {@code onApplicationEvent}: the delivery joins the transaction's group. */
    void enqueue(Listener listener, ApplicationEvent event) {
        Group group = (Group) TransactionSynchronizationManager.getResource(this);
        if (group == null) {
            group = new Group();
            TransactionSynchronizationManager.bindResource(this, group);
            TransactionSynchronizationManager.registerSynchronization(group);
        }
        group.deliveries.add(new Delivery(listener, event));
    }

    private void deliver(List<Delivery> deliveries) {
        if (deliveries.size() == 1) {
            deliver(deliveries.getFirst());
            return;
        }
        executor().execute(() -> {
            boolean delivered;
            try {
                delivered = Boolean.TRUE.equals(transaction().execute(status -> {
                    for (Delivery delivery : deliveries) {
                        ARMED.set(new Armed());
                        try {
                            delivery.listener().processEvent(delivery.event());
                        } finally {
                            ARMED.remove();
                        }
                        if (status.isRollbackOnly()) {
                            status.setRollbackOnly(); // a listener failed: the group rolls back, quietly
                            return false;
                        }
                    }
                    return true;
                }));
            } catch (RuntimeException e) {
                log.warn("a group of {} event deliveries failed to commit; each is delivered on its own", deliveries.size(), e);
                delivered = false;
            }
            if (!delivered) {
                deliveries.forEach(GroupedDelivery::deliver);
            }
        });
    }

    /** The ordinary path: the listener's own thread and transaction, as Modulith delivers. */
    private static void deliver(Delivery delivery) {
        delivery.listener().processEvent(delivery.event());
    }

    private record Delivery(Listener listener, ApplicationEvent event) {
    }

    /** One transaction's deliveries, handed over once it committed. */
    private final class Group implements TransactionSynchronization {

        final List<Delivery> deliveries = new ArrayList<>();

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }

        @Override
        public void suspend() {
            TransactionSynchronizationManager.unbindResource(GroupedDelivery.this);
        }

        @Override
        public void resume() {
            TransactionSynchronizationManager.bindResource(GroupedDelivery.this, this);
        }

        @Override
        public void afterCompletion(int status) {
            TransactionSynchronizationManager.unbindResourceIfPossible(GroupedDelivery.this);
            if (status == STATUS_COMMITTED) {
                deliver(List.copyOf(deliveries));
            }
        }
    }

    /** An {@code @ApplicationModuleListener} whose deliveries are grouped per publishing transaction. */
    static final class Listener extends TransactionalApplicationListenerMethodAdapter {

        private final GroupedDelivery delivery;

        Listener(String beanName, Class<?> targetClass, Method method, GroupedDelivery delivery) {
            super(beanName, targetClass, method);
            this.delivery = delivery;
        }

        @Override
        public void onApplicationEvent(ApplicationEvent event) {
            if (TransactionSynchronizationManager.isSynchronizationActive()
                    && TransactionSynchronizationManager.isActualTransactionActive()) {
                delivery.enqueue(this, event);
            } else {
                super.onApplicationEvent(event);
            }
        }
    }

    /** Creates {@link Listener}s for {@code @ApplicationModuleListener} methods, ahead of Spring's factory. */
    static final class Factory implements EventListenerFactory, Ordered {

        private final GroupedDelivery delivery;

        Factory(GroupedDelivery delivery) {
            this.delivery = delivery;
        }

        @Override
        public int getOrder() {
            return 40; // before TransactionalEventListenerFactory (50)
        }

        @Override
        public boolean supportsMethod(Method method) {
            return AnnotatedElementUtils.hasAnnotation(method, ApplicationModuleListener.class);
        }

        @Override
        public ApplicationListener<?> createApplicationListener(String beanName, Class<?> type, Method method) {
            return new Listener(beanName, type, method, delivery);
        }
    }

    /** A grouped listener's transaction joins its group's instead of being one of its own. */
    static final class Attributes implements TransactionAttributeSource {

        private final TransactionAttributeSource delegate;

        Attributes(TransactionAttributeSource delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean isCandidateClass(Class<?> targetClass) {
            return delegate.isCandidateClass(targetClass);
        }

        @Override
        public boolean hasTransactionAttribute(Method method, Class<?> targetClass) {
            return delegate.hasTransactionAttribute(method, targetClass);
        }

        @Override
        public TransactionAttribute getTransactionAttribute(Method method, Class<?> targetClass) {
            TransactionAttribute attribute = delegate.getTransactionAttribute(method, targetClass);
            Armed armed = ARMED.get();
            if (attribute == null || armed == null || !armed.joins
                    || attribute.getPropagationBehavior() != TransactionDefinition.PROPAGATION_REQUIRES_NEW) {
                return attribute;
            }
            armed.joins = false;
            DefaultTransactionAttribute joining = attribute instanceof RuleBasedTransactionAttribute rules
                    ? new RuleBasedTransactionAttribute(rules) : new DefaultTransactionAttribute(attribute);
            joining.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRED);
            return joining;
        }
    }

    /** The asynchronous executor, except that an armed call runs on the delivering thread. */
    static final class Executing implements AsyncTaskExecutor {

        private final AsyncTaskExecutor delegate;

        Executing(AsyncTaskExecutor delegate) {
            this.delegate = delegate;
        }

        private static boolean inline() {
            Armed armed = ARMED.get();
            if (armed == null || !armed.inline) {
                return false;
            }
            armed.inline = false;
            return true;
        }

        /** The call made here, on the delivering thread, its outcome as a completed future. */
        private static <T> CompletableFuture<T> here(Callable<T> task) {
            try {
                return CompletableFuture.completedFuture(task.call());
            } catch (Exception e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        private static Callable<Void> callable(Runnable task) {
            return () -> {
                task.run();
                return null;
            };
        }

        @Override
        public void execute(Runnable task) {
            if (inline()) {
                task.run();
            } else {
                delegate.execute(task);
            }
        }

        @Override
        public Future<?> submit(Runnable task) {
            return inline() ? here(callable(task)) : delegate.submit(task);
        }

        @Override
        public <T> Future<T> submit(Callable<T> task) {
            return inline() ? here(task) : delegate.submit(task);
        }

        @Override
        public <T> CompletableFuture<T> submitCompletable(Callable<T> task) {
            return inline() ? here(task) : delegate.submitCompletable(task);
        }

        @Override
        public CompletableFuture<Void> submitCompletable(Runnable task) {
            return inline() ? here(callable(task)) : delegate.submitCompletable(task);
        }
    }
}
