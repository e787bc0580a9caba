# nbgrader-instellingen voor de minor Inclusiviteit in de Stad (IIDS-kit).
#
# Deze map (assignments/) is de nbgrader-cursusmap. `iids grade ...` en `nbgrader ...`
# lezen dit bestand allebei. Zie README.md in deze map.
import glob
import os

c = get_config()  # noqa: F821 - provided by traitlets when nbgrader loads this file

_here = os.path.dirname(os.path.abspath(__file__))

c.CourseDirectory.course_id = "iids"
c.CourseDirectory.root = _here
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(_here, "gradebook.db")

# Inleveren en ophalen op een en dezelfde machine (JupyterHub of laptop van de docent).
c.Exchange.root = os.path.join(_here, "exchange")
c.Exchange.timezone = "Europe/Amsterdam"

# Wat niet met een inlevering meereist: checkpoints en caches. De map mijn-werk/
# (narratieven, coderingen, dialoogverslag) reist WEL mee: zet hem hier nooit bij.
c.CourseDirectory.ignore = [
    ".ipynb_checkpoints",
    "*.pyc",
    "__pycache__",
    "feedback",
    ".DS_Store",
    "*~",
    "*.tmp",
]
c.CourseDirectory.max_file_size = 20000  # kB per bestand; grotere bestanden worden overgeslagen

# Bij het nakijken mag nbgrader de eigen bestanden van de student in mijn-werk/ niet
# vervangen door bestanden uit source/ (die daar ontstaan als de docent de bron draait).
c.Autograde.exclude_overwriting = {
    os.path.basename(folder): sorted(
        os.path.relpath(path, folder)
        for path in glob.glob(os.path.join(folder, "mijn-werk", "**", "*"), recursive=True)
        if os.path.isfile(path))
    for folder in glob.glob(os.path.join(_here, "source", "*"))
    if os.path.isdir(os.path.join(folder, "mijn-werk"))
}

# Een cel mag 60 s rekenen (standaard 30 s): sommige cellen laden de pseudonimiseerder.
c.ExecutePreprocessor.timeout = 60
c.Execute.timeout = 60
c.Execute.interrupt_on_timeout = True
# De kernel na het nakijken direct stoppen in plaats van netjes af te sluiten: scheelt
# ongeveer 0,3 s per inlevering en verandert niets aan de scores.
c.Execute.shutdown_kernel = "immediate"

# Een verwijderde toets- of taakcel komt bij het nakijken terug (nbgrader zet gewijzigde
# vergrendelde cellen altijd terug). `iids grade autograde` zet zulke inleveringen eerst apart;
# met --herstel-vergrendeld worden ze zo toch nagekeken, met een notitie in feedback en export.
c.OverwriteCells.add_missing_cells = True
c.OverwriteCells.missing_cell_notification = (
    "*Deze cel ({cell_id}) ontbrak in je inlevering; voor het nakijken is hij teruggezet.*\n\n")

# Te laat inleveren kost geen punten; de export en de rapporten markeren het wel.
c.LateSubmissionPlugin.penalty_method = "none"

# Feedback bevat nooit verborgen tests (nbgrader #917), ook niet via `nbgrader generate_feedback`
# of de feedbackknop van de formgrader: die halen de verborgen toetsen en hun uitvoer weg en
# laten alleen zien welke zichtbare controle faalde (met de melding), of dat een verborgen
# controle faalde. De kit hoort bij deze cursus: ontbreekt hij, dan stopt nbgrader met een fout.
from kit.grading.hidden import configure_feedback  # noqa: E402

configure_feedback(c)

# zip_collect: downloads uit Brightspace of een andere ELO. Pak per student een map
# <studentnummer>/ met het notebook (en eventueel mijn-werk/) in het zip-bestand.
c.ZipCollectApp.collector_plugin = "nbgrader.plugins.zipcollect.FileNameCollectorPlugin"
c.FileNameCollectorPlugin.valid_ext = [".ipynb", ".csv", ".yaml", ".yml", ".json", ".md", ".txt"]
c.FileNameCollectorPlugin.named_regexp = (
    r".*/extracted/(?:[^/]+/)*?(?P<student_id>[A-Za-z0-9]+)/(?P<file_id>mijn-werk/.+|[^/]+)$"
)
