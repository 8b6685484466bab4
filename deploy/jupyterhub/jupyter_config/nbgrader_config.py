# nbgrader in every student's server on the class hub (on JUPYTER_CONFIG_PATH, set by
# jupyterhub_config.py). The teacher releases into the exchange and collects from it; students
# fetch and submit from JupyterLab's Assignments panel (TEACHING.md, section 3). nbgrader names
# each submission by $JUPYTERHUB_USER, which the hub sets for every server.
# The exchange must exist, writable by all, with the sticky bit (as root):
#   mkdir -p /srv/nbgrader/exchange && chmod 1777 /srv/nbgrader/exchange
import os

c = get_config()  # noqa: F821
c.CourseDirectory.course_id = os.environ.get("PARAMLAB_COURSE_ID", "paramlab")
c.Exchange.root = os.environ.get("PARAMLAB_NBGRADER_EXCHANGE", "/srv/nbgrader/exchange")
