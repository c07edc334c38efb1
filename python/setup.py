"""Only what pyproject.toml cannot say: the wheel holds an executable for x86-64 Linux, so it is a platform wheel
whose files go to platlib (which auditwheel requires), for any Python 3 (`py3-none-linux_x86_64`, which auditwheel
then retags manylinux): setuptools makes one only for a distribution with extension modules, hence the claim."""
from setuptools import setup
from setuptools.command.bdist_wheel import bdist_wheel
from setuptools.dist import Distribution


class ExecutableDistribution(Distribution):
    def has_ext_modules(self):
        return True


class PlatformWheel(bdist_wheel):
    def get_tag(self):
        return "py3", "none", super().get_tag()[2]


setup(distclass=ExecutableDistribution, cmdclass={"bdist_wheel": PlatformWheel})
