package org.ntkc.processor;

import com.palantir.javapoet.JavaFile;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Filer;
import javax.annotation.processing.Messager;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.JavaFileManager;
import javax.tools.StandardLocation;
import org.ntkc.Compilation;
import org.ntkc.NtkCompiler;
import org.ntkc.NtkSpec;
import org.ntkc.diag.SourceFile;
import org.ntkc.ir.ImagesNotSupportedException;

/**
 * The annotation processor behind {@link NtkSpec}: finds each spec, compiles it through {@link NtkCompiler} (the same
 * entry point as the CLI), reports its diagnostics as compiler messages on the annotated element, and writes the
 * generated kernel classes through the Filer.
 *
 * <p>Options: {@code -Antkc.package=PKG} puts every generated class in PKG; {@code -Antkc.vector=false} writes only the
 * scalar code. When javac cannot see {@code jdk.incubator.vector} (no {@code --add-modules jdk.incubator.vector}),
 * the processor writes the scalar code only and warns with the flag to add, rather than failing the build on code the
 * user did not write; the generated kernel then runs its scalar twin.
 */
public final class NtkSpecProcessor extends AbstractProcessor {
    /** Where specs are looked up, in order: resources copied to the output, then sources, then the class path. */
    private static final List<JavaFileManager.Location> LOCATIONS = List.of(StandardLocation.CLASS_OUTPUT,
            StandardLocation.SOURCE_PATH, StandardLocation.CLASS_PATH);
    static final String PACKAGE_OPTION = "ntkc.package";
    static final String VECTOR_OPTION = "ntkc.vector";

    /** Generated class → the spec it came from, so that two elements naming one spec generate it once. */
    private final Map<String, String> generated = new HashMap<>();
    private boolean warnedAboutVectors;

    @Override
    public Set<String> getSupportedAnnotationTypes() {
        return Set.of(NtkSpec.class.getCanonicalName());
    }

    @Override
    public Set<String> getSupportedOptions() {
        return Set.of(PACKAGE_OPTION, VECTOR_OPTION);
    }

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        for (Element element : round.getElementsAnnotatedWith(NtkSpec.class)) {
            NtkSpec spec = element.getAnnotation(NtkSpec.class);
            AnnotationMirror mirror = mirrorOf(element);
            for (String path : spec.value()) {
                process(element, mirror, path, targetPackage(element, spec));
            }
        }
        return true;
    }

    private void process(Element element, AnnotationMirror mirror, String path, String packageName) {
        Messager messager = processingEnv.getMessager();
        String elementPackage = processingEnv.getElementUtils().getPackageOf(element).getQualifiedName().toString();
        Optional<FileObject> file = find(path, elementPackage);
        if (file.isEmpty()) {
            messager.printMessage(Diagnostic.Kind.ERROR, "ntkc: cannot find spec '" + path + "'; looked for "
                    + resourcePath(path, elementPackage) + " in " + lookedIn(), element, mirror);
            return;
        }
        String specName = resourcePath(path, elementPackage);
        SourceFile source;
        try {
            source = new SourceFile(specName, file.get().getCharContent(true).toString());
        } catch (IOException e) {
            messager.printMessage(Diagnostic.Kind.ERROR, "ntkc: cannot read spec '" + specName + "': "
                    + e.getMessage(), element, mirror);
            return;
        }
        Compilation compilation = NtkCompiler.compile(source);
        for (org.ntkc.diag.Diagnostic d : compilation.diagnostics().sorted()) {
            messager.printMessage(d.isError() ? Diagnostic.Kind.ERROR : Diagnostic.Kind.WARNING, d.render(), element,
                    mirror);
        }
        if (!compilation.succeeded()) {
            return;
        }
        boolean vector = vectorCode();
        List<JavaFile> files;
        try {
            files = compilation.files(packageName, vector);
        } catch (ImagesNotSupportedException e) {
            messager.printMessage(Diagnostic.Kind.ERROR, "ntkc: " + e.getMessage(), element, mirror);
            return;
        }
        for (JavaFile javaFile : files) {
            write(javaFile, element, mirror, specName);
        }
    }

    private void write(JavaFile javaFile, Element element, AnnotationMirror mirror, String specName) {
        String name = javaFile.packageName() + "." + javaFile.typeSpec().name();
        String earlier = generated.putIfAbsent(name, specName);
        if (earlier != null) {
            if (!earlier.equals(specName)) {
                processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, "ntkc: " + name + " would be generated "
                        + "from both " + earlier + " and " + specName + "; rename one of the networks", element, mirror);
            }
            return;
        }
        Filer filer = processingEnv.getFiler();
        try {
            javaFile.writeTo(filer);
        } catch (IOException e) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, "ntkc: cannot write " + name + ": "
                    + e.getMessage(), element, mirror);
        }
    }

    /** Whether to write the Vector API classes: asked for, and compilable (javac sees the incubator module). */
    private boolean vectorCode() {
        if ("false".equals(processingEnv.getOptions().get(VECTOR_OPTION))) {
            return false;
        }
        boolean visible = processingEnv.getElementUtils().getTypeElement("jdk.incubator.vector.DoubleVector") != null;
        if (!visible && !warnedAboutVectors) {
            warnedAboutVectors = true;
            processingEnv.getMessager().printMessage(Diagnostic.Kind.MANDATORY_WARNING, "ntkc: javac cannot see "
                    + "jdk.incubator.vector, so only the scalar kernel code is generated. For the vector code add the "
                    + "compiler arguments --add-modules jdk.incubator.vector (and run java with --add-modules "
                    + "jdk.incubator.vector); -A" + VECTOR_OPTION + "=false silences this warning.");
        }
        return visible;
    }

    private String targetPackage(Element element, NtkSpec spec) {
        String option = processingEnv.getOptions().get(PACKAGE_OPTION);
        if (!spec.packageName().isEmpty()) {
            return spec.packageName();
        }
        if (option != null && !option.isEmpty()) {
            return option;
        }
        PackageElement p = processingEnv.getElementUtils().getPackageOf(element);
        return p.getQualifiedName().toString();
    }

    /** The spec as a resource: relative paths are in the element's package, "/a/b.ntk" from the root. */
    private Optional<FileObject> find(String path, String elementPackage) {
        String pkg = path.startsWith("/") ? "" : elementPackage;
        String relative = path.startsWith("/") ? path.substring(1) : path;
        for (JavaFileManager.Location location : LOCATIONS) {
            try {
                FileObject f = processingEnv.getFiler().getResource(location, pkg, relative);
                f.getCharContent(true);
                return Optional.of(f);
            } catch (IOException | IllegalArgumentException | IllegalStateException e) {
                // not in this location (or the location is not set): try the next
            }
        }
        return Optional.empty();
    }

    private static String resourcePath(String path, String elementPackage) {
        if (path.startsWith("/")) {
            return path.substring(1);
        }
        return elementPackage.isEmpty() ? path : elementPackage.replace('.', '/') + "/" + path;
    }

    private static String lookedIn() {
        List<String> names = new ArrayList<>();
        for (JavaFileManager.Location l : LOCATIONS) {
            names.add(l.getName().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
        }
        return String.join(", ", names) + " (put it in src/main/resources or next to the annotated source)";
    }

    private AnnotationMirror mirrorOf(Element element) {
        for (AnnotationMirror m : element.getAnnotationMirrors()) {
            if (m.getAnnotationType().toString().equals(NtkSpec.class.getCanonicalName())) {
                return m;
            }
        }
        return null;
    }
}
