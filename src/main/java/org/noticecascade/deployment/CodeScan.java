package org.noticecascade.deployment;

import java.io.ByteArrayInputStream;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * The code a diagram carries, read as the engine reads it (namespaces and character references resolved, so neither
 * a renamed prefix nor {@code &#36;&#123;} hides anything): every expression in an attribute or a text, and every
 * script, script task, Java class, external resource and connector. Documentation is text for people and skipped.
 */
final class CodeScan {

  private static final String BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL";
  private static final Pattern EXPRESSION = Pattern.compile("[$#]\\{[^}]*}");

  private CodeScan() {
  }

  /** Calls {@code expression} with each expression and {@code code} with (kind, value) of each other piece of code. */
  static void scan(byte[] bpmn, Consumer<String> expression, BiConsumer<String, String> code) {
    Element root;
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      // no DTD: nothing may define entities or reach outside the file
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setXIncludeAware(false);
      factory.setExpandEntityReferences(false);
      root = factory.newDocumentBuilder().parse(new ByteArrayInputStream(bpmn)).getDocumentElement();
    } catch (Exception unreadable) {
      code.accept("无法读取的 XML", String.valueOf(unreadable.getMessage()));
      return;
    }
    walk(root, expression, code);
  }

  private static void walk(Element element, Consumer<String> expression, BiConsumer<String, String> code) {
    String ns = element.getNamespaceURI();
    String name = element.getLocalName();
    if (BPMN.equals(ns) && "documentation".equals(name)) {
      return;
    }
    if (BPMN.equals(ns) && "scriptTask".equals(name)) {
      code.accept("脚本任务", element.getAttribute("id"));
    }
    if (ProcessRules.CAMUNDA.equals(ns) && ("script".equals(name) || "connector".equals(name))) {
      code.accept("camunda:" + name, element.getTextContent().strip());
    }
    NamedNodeMap attributes = element.getAttributes();
    for (int i = 0; i < attributes.getLength(); i++) {
      Attr attribute = (Attr) attributes.item(i);
      String local = attribute.getLocalName() == null ? attribute.getName() : attribute.getLocalName();
      if ("scriptFormat".equals(local)) {
        code.accept("脚本", attribute.getValue());
      } else if (ProcessRules.CAMUNDA.equals(attribute.getNamespaceURI())
          && ("class".equals(local) || "resource".equals(local))) {
        code.accept("camunda:" + local, attribute.getValue());
      }
      EXPRESSION.matcher(attribute.getValue()).results().forEach(m -> expression.accept(m.group()));
    }
    for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element inner) {
        walk(inner, expression, code);
      } else if (child.getNodeType() == Node.TEXT_NODE || child.getNodeType() == Node.CDATA_SECTION_NODE) {
        EXPRESSION.matcher(child.getNodeValue()).results().forEach(m -> expression.accept(m.group()));
      }
    }
  }
}
