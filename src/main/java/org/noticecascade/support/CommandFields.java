package org.noticecascade.support;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.camunda.bpm.engine.impl.interceptor.Command;

/**
 * Reads the arguments of an engine command (its task id, the variables sent), which Camunda 7 keeps in protected
 * fields without getters. CommandFieldsTest fails when an engine upgrade renames one of the fields used.
 */
public final class CommandFields {

  private static final Map<String, Field> FIELDS = new ConcurrentHashMap<>();

  private CommandFields() {
  }

  @SuppressWarnings("unchecked")
  public static <T> T get(Command<?> command, String name) {
    Field field = FIELDS.computeIfAbsent(command.getClass().getName() + "#" + name, k -> find(command.getClass(), name));
    try {
      return (T) field.get(command);
    } catch (IllegalAccessException e) {
      throw new IllegalStateException("无法读取引擎命令 " + command.getClass().getSimpleName() + " 的 " + name, e);
    }
  }

  private static Field find(Class<?> type, String name) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      try {
        Field field = c.getDeclaredField(name);
        field.setAccessible(true);
        return field;
      } catch (NoSuchFieldException e) {
        // look in the superclass
      }
    }
    throw new IllegalStateException("引擎命令 " + type.getName() + " 没有字段 " + name + "：Camunda 升级后须调整 CommandFields 的使用");
  }
}
