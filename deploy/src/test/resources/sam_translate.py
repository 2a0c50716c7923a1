"""Translates template.yaml with AWS SAM's own translator (samtranslator, installed with cfn-lint),
offline, as `sam deploy` would after packaging: each local CodeUri becomes an s3:// URI.

usage: python3 sam_translate.py TEMPLATE  (parameter values as a JSON object on stdin)
prints the CloudFormation template SAM generates, as JSON. Set AWS_DEFAULT_REGION.
"""
import json
import sys

from samtranslator.parser import parser
from samtranslator.translator.translator import Translator
from samtranslator.yaml_helper import yaml_parse


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        template = yaml_parse(f.read())
    parameters = json.load(sys.stdin)
    for resource in template.get("Resources", {}).values():
        props = resource.get("Properties") or {}
        if resource.get("Type") == "AWS::Serverless::Function" and isinstance(props.get("CodeUri"), str):
            props["CodeUri"] = "s3://tollgate-artifacts/" + props["CodeUri"].replace("/", "-")
    translated = Translator(managed_policy_map={}, sam_parser=parser.Parser()).translate(
        sam_template=template, parameter_values=parameters)
    json.dump(translated, sys.stdout, default=str)


if __name__ == "__main__":
    main()
